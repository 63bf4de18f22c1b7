export * from './secret-box';
export * from './secret-decryption.error';
export * from './secrets.module';
