import type { Tenant } from '../model/tenant.js';
import { AUTO_ATTENDANT_APP_ID, defaultCallingPolicy, defaultCallingSettings } from '../model/tenant.js';
import { testUser } from '../testing/testTenant.js';

/**
 * docs/snapshot-example.json as a `Tenant`, written out by hand with the snapshot's
 * defaults applied (the snapshot parser lives elsewhere). It is the contract's small
 * healthy tenant: the scan must report nothing on it.
 */
export function exampleTenant(): Tenant {
  const common = { Department: 'Support', EnterpriseVoiceEnabled: true, HasTeamsPhoneLicense: true };
  return {
    tenantId: '5f1c2a44-7d3e-4c1b-9a2e-0c6d7e8f9a10',
    capturedAt: '2026-11-01T08:30:00Z',
    users: [
      testUser('lidia', { ...common, Identity: '8a1f0c52-3b7e-4d29-a6f1-2c4e5d6b7a81', UserPrincipalName: 'lidia.holloway@fabrikam.com', SipAddress: 'sip:lidia.holloway@fabrikam.com', DisplayName: 'Lidia Holloway', LineUri: 'tel:+14155550142' }),
      testUser('joni', { ...common, Identity: '1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5', UserPrincipalName: 'joni.sherman@fabrikam.com', SipAddress: 'sip:joni.sherman@fabrikam.com', DisplayName: 'Joni Sherman' }),
      testUser('store12', {
        ...common,
        Department: 'Retail',
        Identity: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
        UserPrincipalName: 'store12@fabrikam.com',
        SipAddress: 'sip:store12@fabrikam.com',
        DisplayName: 'Store 12 floor',
        TeamsSharedCallingRoutingPolicy: 'Store12',
        TeamsEmergencyCallRoutingPolicy: 'DR-Emergency',
      }),
    ],
    callingSettings: [
      {
        ...defaultCallingSettings('sip:lidia.holloway@fabrikam.com'),
        IsForwardingEnabled: true,
        ForwardingType: 'Simultaneous',
        ForwardingTargetType: 'Group',
        IsUnansweredEnabled: true,
        UnansweredTargetType: 'Voicemail',
        CallGroupTargets: ['sip:joni.sherman@fabrikam.com'],
      },
      {
        ...defaultCallingSettings('sip:joni.sherman@fabrikam.com'),
        GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:lidia.holloway@fabrikam.com', NotificationSetting: 'Banner' }],
      },
    ],
    callingPolicies: [defaultCallingPolicy('Global')],
    voiceRoutingPolicies: [{ Identity: 'Global', OnlinePstnUsages: [] }],
    emergencyCallRoutingPolicies: [
      { Identity: 'Global', OnlinePstnUsages: [] },
      { Identity: 'Tag:DR-Emergency', OnlinePstnUsages: ['US-Emergency'] },
    ],
    sharedCallingPolicies: [{ Identity: 'Tag:Store12', ResourceAccount: 'store12-aa@fabrikam.com', EmergencyNumbers: ['+14155550199'], Description: 'Store 12' }],
    resourceAccounts: [
      {
        ObjectId: 'c0ffee00-1111-4222-8333-444455556666',
        UserPrincipalName: 'store12-aa@fabrikam.com',
        DisplayName: 'Store 12 main line',
        PhoneNumber: 'tel:+14155550100',
        ApplicationId: AUTO_ATTENDANT_APP_ID,
        AssociatedAutoAttendants: ['Store 12 attendant'],
        HasPayAsYouGoCallingPlan: false,
        CommunicationCreditsFunded: false,
      },
    ],
    phoneNumbers: [
      { TelephoneNumber: '+14155550100', NumberType: 'DirectRouting', IsoCountryCode: 'US', Usage: 'Service', AssignedPstnTargetId: 'c0ffee00-1111-4222-8333-444455556666', LocationId: '2b4c6d8e-aaaa-4bbb-8ccc-dddddddddddd' },
      { TelephoneNumber: '+14155550199', NumberType: 'DirectRouting', IsoCountryCode: 'US', Usage: 'Subscriber', AssignedPstnTargetId: 'TeamsSharedCallingRoutingPolicy|Tag:Store12', LocationId: null },
      { TelephoneNumber: '+14155550142', NumberType: 'DirectRouting', IsoCountryCode: 'US', Usage: 'Subscriber', AssignedPstnTargetId: '8a1f0c52-3b7e-4d29-a6f1-2c4e5d6b7a81', LocationId: null },
    ],
  };
}
