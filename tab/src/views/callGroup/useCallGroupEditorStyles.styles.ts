import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `CallGroupEditor`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useCallGroupEditorStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});
