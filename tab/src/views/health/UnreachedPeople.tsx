import { Body1, Button, Caption1, MessageBar, MessageBarBody, Subtitle2 } from '@fluentui/react-components';
import { PersonWarningRegular } from '@fluentui/react-icons';
import type { InstallRunSummary, UnreachedPerson } from '@cgm/core';
import { NOTICE_KIND_LABELS } from '@cgm/core';
import { strings } from '../../strings';
import { useUnreachedPeople } from './useUnreachedPeople';
import { useUnreachedPeopleStyles } from './useUnreachedPeopleStyles.styles';

function PersonLine({ person }: { person: UnreachedPerson }) {
  const styles = useUnreachedPeopleStyles();
  const kinds = person.kinds.map((kind) => NOTICE_KIND_LABELS[kind].title).join(', ');
  return (
    <li className={styles.person}>
      <Body1>{strings.health.unreached.person(person.displayName)}</Body1>
      <Caption1>{strings.health.unreached.concerns(person.findings, kinds)}</Caption1>
    </li>
  );
}

/** What the last proactive install did; a refused permission is a warning an admin must act on. */
function InstallRun({ run }: { run: InstallRunSummary }) {
  const text = strings.health.unreached;
  if (run.forbidden) {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>{text.forbidden}</MessageBarBody>
      </MessageBar>
    );
  }
  return <Caption1>{text.lastRun(run.asked, run.installed, run.alreadyInstalled)}</Caption1>;
}

/**
 * Tenant health's "not reached" panel: each person open findings concern who has not installed
 * the app, so no notice was sent, and how an admin fixes that. Nothing when everyone is reached.
 */
export function UnreachedPeople() {
  const styles = useUnreachedPeopleStyles();
  const { state, reload } = useUnreachedPeople();
  const text = strings.health.unreached;
  if (state.status === 'error') {
    return (
      <section className={styles.section} aria-labelledby="unreached-title">
        <Subtitle2 as="h2" id="unreached-title" className={styles.heading}>{text.title}</Subtitle2>
        <div className={styles.error}>
          <Caption1>{text.failed(state.error.message)}</Caption1>
          <Button size="small" onClick={reload}>{strings.retry}</Button>
        </div>
      </section>
    );
  }
  const data = state.data;
  if (!data || data.total === 0) return null;
  return (
    <section className={styles.section} aria-labelledby="unreached-title">
      <Subtitle2 as="h2" id="unreached-title" className={styles.heading}>
        <PersonWarningRegular aria-hidden="true" />
        {text.title}
      </Subtitle2>
      <Caption1>{data.proactiveInstall === 'graph' ? text.installing : text.howToReach}</Caption1>
      {data.lastInstallRun && <InstallRun run={data.lastInstallRun} />}
      <ul className={styles.list} aria-labelledby="unreached-title">
        {data.people.map((person) => (
          <PersonLine key={person.sip} person={person} />
        ))}
      </ul>
      {data.total > data.people.length && <Caption1>{text.more(data.total - data.people.length)}</Caption1>}
    </section>
  );
}
