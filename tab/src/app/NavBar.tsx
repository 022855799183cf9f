import type { MouseEvent } from 'react';
import { mergeClasses } from '@fluentui/react-components';
import type { RouteName } from './routes';
import { hrefOf, navigate } from './routes';
import { strings } from '../strings';
import { useNavBarStyles } from './useNavBarStyles.styles';

/** The views as real links (deep-linkable, open in a new tab), the current one marked with aria-current. */
export function NavBar({ routes, current }: { routes: readonly RouteName[]; current: RouteName | undefined }) {
  const styles = useNavBarStyles();
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
