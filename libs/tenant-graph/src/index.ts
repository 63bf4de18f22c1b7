export * from './tenant-graph-credentials';
export * from './tenant-graph.module';
