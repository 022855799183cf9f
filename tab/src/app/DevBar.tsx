import { Field, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { WrenchRegular } from '@fluentui/react-icons';
import type { ClientConfig } from '@cgm/core';
import type { ThemeName } from '../host/teamsHost';
import { THEME_NAMES } from '../host/teamsHost';
import { strings } from '../strings';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorPaletteYellowBackground2,
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteYellowBorderActive}`,
  },
  // The wrench sits on the first line of the text, however many lines it wraps to.
  message: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, flexGrow: 1, minWidth: '12rem' },
  icon: { flexShrink: 0, fontSize: tokens.fontSizeBase400, height: tokens.lineHeightBase300 },
  field: { flexDirection: 'row', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

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
  const styles = useStyles();
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
