/**
 * Dealer and part master data as lookups, re-read only when the source's fingerprint changed (the watcher
 * and every waiting return consult them often; the files rarely change).
 */
import type { Fen } from '../../domain/money';
import { schemas } from '../../domain/sheets';
import { readTable } from '../sheets/read-table';
import type { TableBackend, TableRef } from '../sheets/types';

export interface DealerInfo {
  id: string;
  name: string;
  email: string;
  region: string;
  contact?: string;
}

export interface PartInfo {
  partNo: string;
  name: string;
  supplier: string;
  model: string;
  unitCostFen: Fen | null;
  /** The supplier's code, claims contact and address as the catalogue has them (supplier recovery). */
  supplierCode?: string;
  supplierContact?: string;
  supplierEmail?: string;
}

export interface Masters {
  dealers: Map<string, DealerInfo>;
  parts: Map<string, PartInfo>;
}

export interface MasterSources {
  dealers: TableRef;
  dealersMapping?: Record<string, string>;
  parts: TableRef;
  partsMapping?: Record<string, string>;
}

export function createMasterReader(backendFor: (ref: TableRef) => TableBackend) {
  const cache = new Map<string, Promise<unknown>>();

  async function cached<T>(backend: TableBackend, ref: TableRef, make: () => Promise<T>): Promise<T> {
    const fp = (await backend.fingerprint(ref)).value;
    const key = `${JSON.stringify(ref)}|${fp}`;
    let hit = cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      for (const k of [...cache.keys()]) if (k.startsWith(`${JSON.stringify(ref)}|`)) cache.delete(k);
      hit = make();
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  }

  async function dealers(ref: TableRef, mapping?: Record<string, string>): Promise<Map<string, DealerInfo>> {
    const backend = backendFor(ref);
    return cached(backend, ref, async () => {
      const t = await readTable(backend, ref, schemas.dealers, {
        policy: 'proceed-with-valid',
        verifyStable: false,
        ...(mapping ? { mapping } : {}),
      });
      const out = new Map<string, DealerInfo>();
      for (const r of t.rows) {
        if (out.has(r.dealerId)) continue;
        out.set(r.dealerId, {
          id: r.dealerId,
          name: r.name,
          email: r.email.split(/[,;，；]/)[0]!.trim(),
          region: r.region ?? '',
          ...(r.contact ? { contact: r.contact } : {}),
        });
      }
      return out;
    });
  }

  async function parts(ref: TableRef, mapping?: Record<string, string>): Promise<Map<string, PartInfo>> {
    const backend = backendFor(ref);
    return cached(backend, ref, async () => {
      const t = await readTable(backend, ref, schemas.parts, {
        policy: 'proceed-with-valid',
        verifyStable: false,
        ...(mapping ? { mapping } : {}),
      });
      const out = new Map<string, PartInfo>();
      for (const r of t.rows) {
        if (out.has(r.partNo)) continue;
        out.set(r.partNo, {
          partNo: r.partNo,
          name: r.name,
          supplier: r.supplier ?? '',
          model: r.model ?? '',
          unitCostFen: r.unitCost ?? null,
          ...(r.supplierCode ? { supplierCode: r.supplierCode } : {}),
          ...(r.supplierContact ? { supplierContact: r.supplierContact } : {}),
          ...(r.supplierEmail ? { supplierEmail: r.supplierEmail } : {}),
        });
      }
      return out;
    });
  }

  return {
    /** The parts catalogue alone (supplier recovery needs no dealers). */
    parts: (s: Pick<MasterSources, 'parts' | 'partsMapping'>) => parts(s.parts, s.partsMapping),
    async read(s: MasterSources): Promise<Masters> {
      const [d, p] = await Promise.all([dealers(s.dealers, s.dealersMapping), parts(s.parts, s.partsMapping)]);
      return { dealers: d, parts: p };
    },
  };
}

export type MasterReader = ReturnType<typeof createMasterReader>;
