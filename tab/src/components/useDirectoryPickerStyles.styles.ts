import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `DirectoryPicker`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useDirectoryPickerStyles = makeStyles({
  option: { display: 'flex', flexDirection: 'column' },
  status: { color: tokens.colorNeutralForeground3 },
});
