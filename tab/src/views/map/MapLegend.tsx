import { Caption1 } from '@fluentui/react-components';
import type { EdgeStatus } from '@cgm/core';
import { EDGE_STATUSES } from '@cgm/core';
import { strings } from '../../strings';
import { useMapViewStyles } from './useMapViewStyles.styles';

/** How each state of a relationship is drawn: by dash pattern, so it reads without colour. */
export const EDGE_DASHES: Readonly<Record<EdgeStatus, string>> = { ok: '', broken: '8 4', orphaned: '3 4', stale: '10 4 2 4' };

/** The legend of the map's line styles. */
export function MapLegend() {
  const styles = useMapViewStyles();
  return (
    <ul className={styles.legend} aria-label={strings.map.legend}>
      {EDGE_STATUSES.map((status) => (
        <li key={status} className={styles.swatch}>
          <svg width="36" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="36" y2="4" stroke="currentColor" strokeWidth="2" strokeDasharray={EDGE_DASHES[status]} />
          </svg>
          <Caption1>{strings.map[status]}</Caption1>
        </li>
      ))}
    </ul>
  );
}
