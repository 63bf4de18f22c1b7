import { readFile } from 'node:fs/promises';

import { generate } from 'selfsigned';

export interface Certificate {
  readonly cert: string;
  readonly key: string;
}

let generated: Promise<Certificate> | undefined;

/**
 * A development certificate for 127.0.0.1 and localhost, made once per
 * process (EC keys: fast to generate), or PEM files when given.
 */
export function loadCertificate(files?: {
  certFile: string;
  keyFile: string;
}): Promise<Certificate> {
  if (files) {
    return Promise.all([
      readFile(files.certFile, 'utf8'),
      readFile(files.keyFile, 'utf8'),
    ]).then(([cert, key]) => ({ cert, key }));
  }
  generated ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return generated;
}
