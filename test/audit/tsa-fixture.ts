import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A local time-stamping authority: Debian's `openssl ts -reply` over a CA made here, in a
 * temporary directory. `hasOpenssl` is false (and the suite skips, saying so) without it.
 */
export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

export interface Tsa {
  dir: string;
  /** The root CA's certificate, PEM: the trust anchor. */
  caPem: string;
  /** Signs the query's reply (DER). */
  reply(query: Buffer): Buffer;
}

/** A root CA and, under it, a TSA certificate (`name`); `eku: false` leaves out the critical id-kp-timeStamping. */
export function makeCa(
  dir: string,
  prefix: string,
): { caPem: string; issue(name: string, eku: boolean): { cert: string; key: string } } {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '3650',
    '-keyout',
    `${prefix}-ca.key`,
    '-out',
    `${prefix}-ca.pem`,
    '-subj',
    `/O=${prefix}/CN=${prefix} Root CA`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  writeFileSync(
    join(dir, `${prefix}-ext.cnf`),
    '[tsa]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n' +
      '[plain]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  return {
    caPem: readFileSync(join(dir, `${prefix}-ca.pem`), 'utf8'),
    issue(name, eku) {
      const base = `${prefix}-${name.replace(/\W/g, '')}`;
      openssl(
        dir,
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${base}.key`,
        '-out',
        `${base}.csr`,
        '-subj',
        `/O=${prefix}/CN=${name}`,
      );
      openssl(
        dir,
        'x509',
        '-req',
        '-sha256',
        '-days',
        '3650',
        '-in',
        `${base}.csr`,
        '-CA',
        `${prefix}-ca.pem`,
        '-CAkey',
        `${prefix}-ca.key`,
        '-set_serial',
        String(Math.floor(Math.random() * 1e9)),
        '-out',
        `${base}.pem`,
        '-extfile',
        `${prefix}-ext.cnf`,
        '-extensions',
        eku ? 'tsa' : 'plain',
      );
      return { cert: join(dir, `${base}.pem`), key: join(dir, `${base}.key`) };
    },
  };
}

/** A TSA signing with `cert`/`key`, its chain `chain` included in the tokens (certReq). */
export function makeTsa(dir: string, prefix: string, signer: { cert: string; key: string }, chain: string): Tsa['reply'] {
  const config = join(dir, `${prefix}-tsa.cnf`);
  writeFileSync(join(dir, `${prefix}-serial`), '01\n');
  writeFileSync(
    config,
    [
      '[tsa]',
      'default_tsa = tsa_config',
      '[tsa_config]',
      `serial = ${join(dir, `${prefix}-serial`)}`,
      'crypto_device = builtin',
      `signer_cert = ${signer.cert}`,
      `signer_key = ${signer.key}`,
      `certs = ${chain}`,
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let n = 0;
  return (query) => {
    n += 1;
    const q = join(dir, `${prefix}-q${n}.tsq`);
    const r = join(dir, `${prefix}-r${n}.tsr`);
    writeFileSync(q, query);
    openssl(
      dir,
      'ts',
      '-reply',
      '-queryfile',
      q,
      '-signer',
      signer.cert,
      '-inkey',
      signer.key,
      '-chain',
      chain,
      '-config',
      config,
      '-out',
      r,
    );
    return readFileSync(r);
  };
}

/** Signs `tstInfo` (DER) as a time-stamp token would be, by any certificate: `openssl cms -sign` with the TSTInfo content type. */
export function signTstInfo(dir: string, tstInfo: Buffer, signer: { cert: string; key: string }): Buffer {
  const input = join(dir, 'tstinfo.der');
  const output = join(dir, 'resigned.der');
  writeFileSync(input, tstInfo);
  openssl(
    dir,
    'cms',
    '-sign',
    '-binary',
    '-nodetach',
    '-nosmimecap',
    '-md',
    'sha256',
    '-econtent_type',
    '1.2.840.113549.1.9.16.1.4',
    '-in',
    input,
    '-signer',
    signer.cert,
    '-inkey',
    signer.key,
    '-outform',
    'DER',
    '-out',
    output,
  );
  return readFileSync(output);
}
