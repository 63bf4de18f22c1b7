/** A named collection of captured policies in one tenant. */
export interface BackupSet {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly description: string | null;
  /** User id (token `sub`) of the creator. */
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface NewBackupSet {
  readonly name: string;
  readonly description?: string;
}
