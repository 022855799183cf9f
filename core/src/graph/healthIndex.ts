import type { Finding } from '../model/finding.js';
import { compareFindings, findingKey } from '../model/finding.js';
import type { ScanUnit } from '../health/scanUnit.js';
import { scanUnit, unitsOf } from '../health/scanUnit.js';
import type { TenantEdit } from './tenantEdit.js';
import { applyEdit } from './tenantEdit.js';
import type { TenantGraph } from './tenantGraph.js';

/** What one edit changed in the tenant's health. */
export interface HealthDelta {
  /** Findings that did not exist before the edit. */
  readonly added: readonly Finding[];
  /** Findings that no longer hold. */
  readonly resolved: readonly Finding[];
  /** Findings that still hold (same code, subject and related) with a new message. */
  readonly updated: readonly Finding[];
  /** How many scan units were re-checked: the cost of the edit. */
  readonly unitsChecked: number;
}

/**
 * The tenant's findings kept per scan unit over a `TenantGraph`, so an edit re-checks
 * only the units it affects and reports what changed. `findings()` always equals a
 * fresh `scanTenant` of the graph's current state.
 */
export class HealthIndex {
  /** Only units with findings are kept: a healthy tenant costs no memory here. */
  private readonly byUnit = new Map<ScanUnit, readonly Finding[]>();

  private constructor(readonly graph: TenantGraph) {}

  /** Scans every unit of the graph once. */
  static build(graph: TenantGraph): HealthIndex {
    const index = new HealthIndex(graph);
    for (const unit of unitsOf(graph)) index.recheck(unit);
    return index;
  }

  /** Applies an edit to the graph and re-checks the units it affects. */
  apply(edit: TenantEdit): HealthDelta {
    return this.recheckUnits(applyEdit(this.graph, edit));
  }

  /** Re-checks the given units (as returned by the graph's edit methods) and reports the difference. */
  recheckUnits(units: Iterable<ScanUnit>): HealthDelta {
    const added: Finding[] = [];
    const resolved: Finding[] = [];
    const updated: Finding[] = [];
    let unitsChecked = 0;
    for (const unit of units) {
      unitsChecked += 1;
      const before = new Map((this.byUnit.get(unit) ?? []).map((finding) => [findingKey(finding), finding] as const));
      for (const finding of this.recheck(unit)) {
        const key = findingKey(finding);
        const old = before.get(key);
        before.delete(key);
        if (!old) added.push(finding);
        else if (old.message !== finding.message || old.severity !== finding.severity) updated.push(finding);
      }
      resolved.push(...before.values());
    }
    return { added, resolved, updated, unitsChecked };
  }

  /** Every current finding, worst first. */
  findings(): Finding[] {
    const all: Finding[] = [];
    for (const findings of this.byUnit.values()) all.push(...findings);
    return all.sort(compareFindings);
  }

  /** The current findings of one unit. */
  findingsOf(unit: ScanUnit): readonly Finding[] {
    return this.byUnit.get(unit) ?? [];
  }

  private recheck(unit: ScanUnit): readonly Finding[] {
    const findings: Finding[] = [];
    scanUnit(this.graph, unit, findings);
    if (findings.length > 0) this.byUnit.set(unit, findings);
    else this.byUnit.delete(unit);
    return findings;
  }
}
