import type { Theme } from '@fluentui/react-components';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import type { ThemeName } from '../host/teamsHost';

/** Teams' three themes, by the names the Teams context uses. */
export const FLUENT_THEMES: Readonly<Record<ThemeName, Theme>> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};
