import { Body1, Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, MessageBar, MessageBarBody, OverlayDrawer, Text } from '@fluentui/react-components';
import { DismissRegular, WrenchRegular } from '@fluentui/react-icons';
import type { HealthFinding } from '@cgm/core';
import { formatWhen, strings } from '../../strings';
import { shortAddress } from '../../components/address';
import { useFindingDrawerStyles } from './useFindingDrawerStyles.styles';

export interface FindingDrawerProps {
  readonly finding: HealthFinding | undefined;
  onClose(): void;
  onFix(finding: HealthFinding): void;
  readonly fixing: boolean;
  readonly fixResult?: { readonly ok: boolean; readonly message: string };
  readonly canFix: boolean;
}

/** One finding in full: what is wrong, who is affected, the PowerShell of the fix, and Fix. */
export function FindingDrawer({ finding, onClose, onFix, fixing, fixResult, canFix }: FindingDrawerProps) {
  const styles = useFindingDrawerStyles();
  return (
    <OverlayDrawer position="end" size="medium" open={finding !== undefined} onOpenChange={(_, data) => !data.open && onClose()}>
      {finding && (
        <>
          <DrawerHeader>
            <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={strings.close} icon={<DismissRegular />} onClick={onClose} />}>
              {strings.health.detailTitle(finding.code)}
            </DrawerHeaderTitle>
          </DrawerHeader>
          <DrawerBody className={styles.body}>
            <Text weight="semibold">{strings.health.explanation}</Text>
            <Body1>{finding.message}</Body1>
            <Text>{`${strings.health.severities[finding.severity]} · ${finding.rule} · ${strings.health.firstSeen(formatWhen(finding.firstSeen))}`}</Text>
            <Text weight="semibold">{strings.health.affected}</Text>
            <ul className={styles.list}>
              {[finding.subject, ...finding.related].map((ref) => (
                <li key={ref}>{shortAddress(ref)}</li>
              ))}
            </ul>
            <Text weight="semibold">{strings.health.powershell}</Text>
            {finding.fix ? (
              <>
                <Body1>{finding.fix.summary}</Body1>
                <pre className={styles.code} tabIndex={0} aria-label={strings.health.powershell}>
                  {finding.fix.powershell.join('\n')}
                </pre>
              </>
            ) : (
              <Body1>{strings.health.noFix}</Body1>
            )}
            {fixResult && (
              <MessageBar intent={fixResult.ok ? 'success' : 'error'} role={fixResult.ok ? 'status' : 'alert'}>
                <MessageBarBody>{fixResult.message}</MessageBarBody>
              </MessageBar>
            )}
            <div>
              <Button appearance="primary" icon={<WrenchRegular />} disabled={!canFix || fixing || !finding.fix} onClick={() => onFix(finding)}>
                {fixing ? strings.health.fixing : strings.health.fix}
              </Button>
            </div>
          </DrawerBody>
        </>
      )}
    </OverlayDrawer>
  );
}
