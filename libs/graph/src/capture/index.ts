export * from './capture-options';
export * from './capture-strategy';
export * from './capture-strategy-registry';
export * from './graph-reader';
export * from './policy-capture.service';
export * from './policy-type';
