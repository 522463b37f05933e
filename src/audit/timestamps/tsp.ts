import * as asn1js from 'asn1js';
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';

/**
 * RFC 3161 time-stamp queries and tokens, read and written with pkijs/asn1js (no DER by
 * hand). pkijs needs a WebCrypto engine: Node's own.
 */
pkijs.setEngine(
  'node',
  new pkijs.CryptoEngine({
    name: 'node',
    crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'],
  }),
);

const SHA256 = '2.16.840.1.101.3.4.2.1';
const ID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const EXT_KEY_USAGE = '2.5.29.37';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const SIGNED_DATA = '1.2.840.113549.1.7.2';

const hex = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
const arrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** A source of nonces, injected so tests can name theirs: 8 random bytes by default. */
export type NonceSource = () => Uint8Array;
export const randomNonce: NonceSource = () => randomBytes(8);

export interface TimestampQuery {
  der: Buffer;
  /** sha256 of what is time-stamped, hex. */
  imprint: string;
  /** The nonce as an unsigned hex integer (no leading zeros). */
  nonce: string;
}

/** A TimeStampReq (RFC 3161 §2.4.1) for `imprint` (a sha256, hex), with a nonce and certReq=true. */
export function buildQuery(imprint: string, nonceSource: NonceSource = randomNonce): TimestampQuery {
  const bytes = Uint8Array.from(nonceSource());
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive, and never a leading zero byte
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: arrayBuffer(Buffer.from(imprint, 'hex')) }),
    }),
    nonce: new asn1js.Integer({ valueHex: arrayBuffer(bytes) }),
    certReq: true,
  });
  return { der: Buffer.from(request.toSchema().toBER()), imprint, nonce: BigInt(`0x${hex(bytes)}`).toString(16) };
}

/** Reads a TimeStampReq back: its imprint and nonce. Throws on what is not one. */
export function parseQuery(der: Uint8Array): TimestampQuery {
  const request = pkijs.TimeStampReq.fromBER(arrayBuffer(der));
  if (request.messageImprint.hashAlgorithm.algorithmId !== SHA256) throw new Error('the query does not use sha256');
  if (!request.nonce) throw new Error('the query carries no nonce');
  return {
    der: Buffer.from(der),
    imprint: hex(request.messageImprint.hashedMessage.valueBlock.valueHexView),
    nonce: request.nonce.toBigInt().toString(16),
  };
}

/** Why a reply or a token is not evidence of the seal: a stable code and a sentence. */
export class TimestampProblem extends Error {
  constructor(
    readonly code:
      | 'TSA_UNREADABLE'
      | 'TSA_STATUS'
      | 'TSA_IMPRINT'
      | 'TSA_NONCE'
      | 'TSA_SIGNATURE'
      | 'TSA_EKU'
      | 'TSA_UNTRUSTED'
      | 'TSA_GEN_TIME',
    message: string,
  ) {
    super(message);
    this.name = 'TimestampProblem';
  }
}

const STATUS = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'];

/** The token (a CMS ContentInfo) out of a TimeStampResp, refused unless its status grants one. */
export function tokenOfReply(der: Uint8Array): Buffer {
  let reply: pkijs.TimeStampResp;
  try {
    reply = pkijs.TimeStampResp.fromBER(arrayBuffer(der));
  } catch (error) {
    throw new TimestampProblem('TSA_UNREADABLE', `not a time-stamp reply (RFC 3161 TimeStampResp): ${(error as Error).message}`);
  }
  const status = reply.status.status;
  if (status !== 0 && status !== 1) {
    const text = reply.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw new TimestampProblem(
      'TSA_STATUS',
      `the authority did not grant a time-stamp: status ${STATUS[status] ?? status}${text ? ` (${text})` : ''}`,
    );
  }
  if (!reply.timeStampToken) throw new TimestampProblem('TSA_UNREADABLE', 'the reply grants a time-stamp but carries no token');
  return Buffer.from(reply.timeStampToken.toSchema().toBER());
}

export interface TokenFacts {
  imprint: string;
  nonce?: string;
  policy: string;
  serial: string;
  genTime: string;
  /** The TSA's name in the token, else its certificate's subject. */
  tsa: string;
}

export interface TokenCheck extends TokenFacts {
  /** The CMS signature over the TSTInfo holds, by the certificate that the token names. */
  signature: boolean;
  /** The signing certificate chains to one of the anchors at genTime; null: no anchors given. */
  chain: boolean | null;
  /** The signing certificate has the one critical extended key usage id-kp-timeStamping (RFC 3161 §2.3). */
  eku: boolean;
  problems: TimestampProblem[];
}

function parseToken(der: Uint8Array): { signed: pkijs.SignedData; info: pkijs.TSTInfo } {
  try {
    const content = pkijs.ContentInfo.fromBER(arrayBuffer(der));
    if (content.contentType !== SIGNED_DATA) throw new Error('not CMS SignedData');
    const signed = new pkijs.SignedData({ schema: content.content });
    if (signed.encapContentInfo.eContentType !== TST_INFO) throw new Error('the signed content is not a TSTInfo');
    const eContent = signed.encapContentInfo.eContent;
    if (!eContent) throw new Error('no TSTInfo inside');
    const info = pkijs.TSTInfo.fromBER(eContent.getValue());
    return { signed, info };
  } catch (error) {
    throw new TimestampProblem('TSA_UNREADABLE', `not a time-stamp token: ${(error as Error).message}`);
  }
}

function subjectOf(certificate: pkijs.Certificate): string {
  return new X509Certificate(Buffer.from(certificate.toSchema().toBER())).subject.split('\n').join(', ');
}

function tsaName(info: pkijs.TSTInfo, signer: pkijs.Certificate | undefined): string {
  if (info.tsa?.type === 4 && info.tsa.value instanceof pkijs.RelativeDistinguishedNames)
    return info.tsa.value.typesAndValues.map((tv) => `${shortName(tv.type)}=${String(tv.value.valueBlock.value)}`).join(', ');
  return signer ? subjectOf(signer) : '(unnamed)';
}

const SHORT: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.7': 'L' };
const shortName = (oid: string) => SHORT[oid] ?? oid;

/** RFC 3161 §2.3: exactly one extended key usage, id-kp-timeStamping, in a critical extension. */
function hasTimeStampingEku(certificate: pkijs.Certificate): boolean {
  const found = (certificate.extensions ?? []).filter((e) => e.extnID === EXT_KEY_USAGE);
  if (found.length !== 1 || !found[0]!.critical) return false;
  const usage = found[0]!.parsedValue as pkijs.ExtKeyUsage | undefined;
  return usage?.keyPurposes.length === 1 && usage.keyPurposes[0] === ID_KP_TIME_STAMPING;
}

/** The certificates of a PEM text (several may follow each other), as pkijs reads them. */
export function certificatesOfPem(pem: string): pkijs.Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => pkijs.Certificate.fromBER(arrayBuffer(new X509Certificate(block).raw)));
}

/**
 * Everything a token says and whether it holds: its CMS signature, the signer's extended key
 * usage, and (with anchors) its certificate chain to one of them, as of the token's genTime.
 * Never throws for a token that is merely wrong: the problems are listed.
 */
export async function checkToken(
  der: Uint8Array,
  /** What the token should time-stamp (its imprint is checked against sha256 of it). */
  stamped: Uint8Array,
  anchors: readonly pkijs.Certificate[],
): Promise<TokenCheck> {
  const { signed, info } = parseToken(der);
  const problems: TimestampProblem[] = [];
  const genTime = info.genTime;
  const imprint = hex(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  // pkijs checks the imprint over `data` as part of the signature: one that differs is said as such.
  if (info.messageImprint.hashAlgorithm.algorithmId !== SHA256 || imprint !== sha256Hex(stamped))
    return {
      ...facts(info, imprint, undefined),
      signature: false,
      chain: null,
      eku: false,
      problems: [
        new TimestampProblem(
          'TSA_IMPRINT',
          `the token time-stamps ${imprint}, not what was expected (sha256 ${sha256Hex(stamped)})`,
        ),
      ],
    };
  const data = arrayBuffer(stamped);
  const signatureOnly = await signed
    .verify({ signer: 0, checkChain: false, extendedMode: true, data })
    .catch((error: { message?: string; signerCertificate?: pkijs.Certificate | null }) => ({
      signatureVerified: false,
      signerCertificate: error.signerCertificate ?? undefined,
      message: error.message ?? String(error),
    }));
  const signer = signatureOnly.signerCertificate ?? undefined;
  const signature = signatureOnly.signatureVerified === true;
  if (!signature)
    problems.push(
      new TimestampProblem(
        'TSA_SIGNATURE',
        `the token's signature does not hold${'message' in signatureOnly && signatureOnly.message ? `: ${signatureOnly.message}` : ''}`,
      ),
    );
  const eku = signer !== undefined && hasTimeStampingEku(signer);
  if (signer && !eku)
    problems.push(
      new TimestampProblem(
        'TSA_EKU',
        `the signing certificate (${subjectOf(signer)}) is not for time-stamping: RFC 3161 §2.3 wants one critical extended key usage, id-kp-timeStamping`,
      ),
    );
  let chain: boolean | null = null;
  if (anchors.length > 0 && signature) {
    const chained = await signed
      .verify({ signer: 0, checkChain: true, trustedCerts: [...anchors], checkDate: genTime, extendedMode: true, data })
      .then((result) => result.signerCertificateVerified === true)
      .catch(() => false);
    chain = chained;
    if (!chained)
      problems.push(
        new TimestampProblem(
          'TSA_UNTRUSTED',
          `the signing certificate (${signer ? subjectOf(signer) : '?'}) does not chain to a configured trust anchor at ${genTime.toISOString()}`,
        ),
      );
  } else if (anchors.length > 0) chain = false;
  return { ...facts(info, imprint, signer), signature, chain, eku, problems };
}

function facts(info: pkijs.TSTInfo, imprint: string, signer: pkijs.Certificate | undefined): TokenFacts {
  return {
    imprint,
    ...(info.nonce ? { nonce: info.nonce.toBigInt().toString(16) } : {}),
    policy: info.policy,
    serial: info.serialNumber.toBigInt().toString(16),
    genTime: info.genTime.toISOString(),
    tsa: tsaName(info, signer),
  };
}

export const sha256Hex = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
