import type { MouseEvent } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { RouteName } from './routes';
import { hrefOf, navigate } from './routes';
import { strings } from '../strings';

const useStyles = makeStyles({
  nav: { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground1 },
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, listStyle: 'none', margin: 0, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}` },
  link: {
    display: 'inline-block',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textDecoration: 'none',
    fontSize: tokens.fontSizeBase300,
    borderBottom: `${tokens.strokeWidthThick} solid transparent`,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground1 },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  current: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorCompoundBrandStroke}`,
  },
});

/** The views as real links (deep-linkable, open in a new tab), the current one marked with aria-current. */
export function NavBar({ routes, current }: { routes: readonly RouteName[]; current: RouteName | undefined }) {
  const styles = useStyles();
  const follow = (route: RouteName) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(route);
  };
  return (
    <nav aria-label={strings.nav.label} className={styles.nav}>
      <ul className={styles.list}>
        {routes.map((route) => (
          <li key={route}>
            <a href={hrefOf(route)} onClick={follow(route)} aria-current={route === current ? 'page' : undefined} className={mergeClasses(styles.link, route === current && styles.current)}>
              {strings.nav[route]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
