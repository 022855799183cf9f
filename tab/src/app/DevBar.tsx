import { Field, Select, Text } from '@fluentui/react-components';
import { WrenchRegular } from '@fluentui/react-icons';
import type { ClientConfig } from '@cgm/core';
import type { ThemeName } from '../host/teamsHost';
import { THEME_NAMES } from '../host/teamsHost';
import { strings } from '../strings';
import { useDevBarStyles } from './useDevBarStyles.styles';

export interface DevBarProps {
  readonly config: ClientConfig;
  readonly devUser: string;
  readonly displayName: string;
  onUserChange(upn: string): void;
  readonly theme: ThemeName;
  onThemeChange(theme: ThemeName): void;
}

/** Development sign-in, loud and clear: who the tab pretends you are, and a switch. */
export function DevBar({ config, devUser, displayName, onUserChange, theme, onThemeChange }: DevBarProps) {
  const styles = useDevBarStyles();
  const known = config.demoUsers.some((user) => user.upn === devUser);
  return (
    <section className={styles.bar} aria-label="Development mode">
      <Text className={styles.message} weight="semibold">
        <WrenchRegular className={styles.icon} aria-hidden="true" />
        {strings.dev.bar(displayName, devUser)}
      </Text>
      <Field label={strings.dev.userLabel} className={styles.field}>
        <Select value={devUser} onChange={(_, data) => onUserChange(data.value)}>
          {!known && <option value={devUser}>{devUser}</option>}
          {config.demoUsers.map((user) => (
            <option key={user.upn} value={user.upn}>
              {user.approver ? strings.dev.approver(user.displayName) : user.displayName}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={strings.dev.themeLabel} className={styles.field}>
        <Select value={theme} onChange={(_, data) => onThemeChange(data.value as ThemeName)}>
          {THEME_NAMES.map((name) => (
            <option key={name} value={name}>
              {strings.dev.themes[name]}
            </option>
          ))}
        </Select>
      </Field>
    </section>
  );
}
