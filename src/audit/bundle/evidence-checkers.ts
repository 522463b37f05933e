import { checkSealSignatures, type EvidenceEvent, type SealToCheck } from '../signing/check-signatures.js';
import { checkSealTimestamps, loadTrustAnchors, type SealSummary } from '../timestamps/seal-timestamps.js';
import { SEAL_STREAM } from '../seal.js';
import type { BundleEvidence, EvidenceChecker, EvidenceFinding } from './check-bundle.js';

/** The seals among the bundled evidence (ledgerSeal-main), by number, as the checkers take them. */
function sealsOf(bundle: BundleEvidence): SealSummary[] {
  return bundle.evidence
    .filter((record) => record.stream === SEAL_STREAM && record.type === 'LedgerSealed')
    .map((record) => {
      const data = record.data as { treeSize?: number; events?: number; logRoot?: string; sealedAt: string };
      return {
        seal: Number(record.revision),
        treeSize: data.treeSize ?? data.events ?? 0,
        ...(data.logRoot ? { logRoot: data.logRoot } : {}),
        sealedAt: data.sealedAt,
      };
    });
}

/**
 * The covering seal's signature by the cooperative's key, through the chain of keys from the
 * first, and its witnesses' cosignatures. An invalid signature, rotation or cosignature fails
 * the bundle; a seal made before seals were signed is said to be unsigned.
 */
export const signaturesChecker: EvidenceChecker = (bundle) => {
  const seals: SealToCheck[] = sealsOf(bundle);
  const report = checkSealSignatures(bundle.evidence as unknown as EvidenceEvent[], seals);
  const findings: EvidenceFinding[] = report.problems.map((p) => ({ checker: 'signatures', ok: false, message: p.message }));
  const covering = report.seals.find((s) => s.seal === bundle.seal.seal);
  if (!covering || covering.signature.status === 'missing')
    findings.push({
      checker: 'signatures',
      ok: true,
      message: `seal ${bundle.seal.seal} is not signed (sealed before seals were signed)`,
    });
  else {
    const cosigners = covering.cosigners.filter((c) => c.status === 'valid').map((c) => c.witness);
    findings.push({
      checker: 'signatures',
      ok: covering.signature.status === 'valid',
      message:
        `seal ${covering.seal} signature ${covering.signature.status.toUpperCase()} (${covering.signature.keyName ?? '?'} ${covering.signature.keyId ?? ''})` +
        (cosigners.length ? `; cosigned by ${cosigners.join(', ')}` : '; no cosignature'),
    });
  }
  return findings;
};

/**
 * The RFC 3161 time-stamps of the covering seal, checked against the trust anchors of
 * COOP_TSA_TRUST_ANCHORS when set (without them, each token's chain is said to be unchecked,
 * never valid). An invalid token fails the bundle.
 */
export const timestampsChecker: EvidenceChecker = async (bundle) => {
  const report = await checkSealTimestamps(bundle.evidence, sealsOf(bundle), loadTrustAnchors());
  const tokens = report.tokens.filter((t) => t.seal === bundle.seal.seal);
  if (tokens.length === 0)
    return [{ checker: 'timestamps', ok: true, message: `seal ${bundle.seal.seal} has no recorded time-stamp` }];
  return tokens.map((t) => ({
    checker: 'timestamps',
    ok: t.status !== 'invalid',
    message:
      `seal ${t.seal} time-stamped by ${t.tsa} at ${t.genTime}: ` +
      (t.status === 'valid'
        ? 'VALID'
        : t.status === 'chain-not-checked'
          ? 'token matches, chain NOT CHECKED (no trust anchors: COOP_TSA_TRUST_ANCHORS)'
          : `INVALID (${t.problems.map((p) => p.message).join('; ')})`),
  }));
};
