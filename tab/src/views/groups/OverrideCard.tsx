import { Card, CardHeader, Field, Radio, RadioGroup, Title3 } from '@fluentui/react-components';
import { NOTIFICATION_SETTINGS } from '@cgm/core';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { strings } from '../../strings';
import { NO_OVERRIDE, useOverrideCard } from './useOverrideCard';

/** One alert setting over every group I am in (only Mute really overrides in Teams). */
export function OverrideCard() {
  const { submission, value, choose, busy } = useOverrideCard();
  return (
    <Card>
      <CardHeader header={<Title3 as="h2">{strings.groups.overrideHeading}</Title3>} />
      <Field label={strings.groups.overrideLabel} hint={strings.groups.overrideNote}>
        <RadioGroup value={value} disabled={busy} onChange={(_, data) => choose(data.value)}>
          <Radio value={NO_OVERRIDE} label={strings.groups.overrideNone} />
          {NOTIFICATION_SETTINGS.map((option) => (
            <Radio key={option} value={option} label={strings.groups.options[option]} />
          ))}
        </RadioGroup>
      </Field>
      <SubmissionStatus submission={submission} problemsTitle={strings.errorTitle} />
    </Card>
  );
}
