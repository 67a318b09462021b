// English of the identity-card pages; the same keys as cards-vi.ts (the type makes a missing or
// extra key a build error).
import type { cardsVi } from './cards-vi.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const cardsEn: Shape<typeof cardsVi> = {
  title: 'Identity cards',
  kind: { first: 'First card', renewal: 'Renewal at age', reissue: 'Reissue (changed details, damage)', lost: 'Replacement of a lost card' },
  reissueReason: {
    'name-change': 'Change of name', 'birth-date-change': 'Change of date of birth', 'features-change': 'Change of identifying features',
    'sex-redetermination': 'Sex redetermined or changed', 'printing-error': 'Error printed on the card',
    'unit-change': 'Administrative unit renamed or changed', 'new-id-number': 'New personal ID number', damaged: 'Card damaged, unusable',
    'regained-citizenship': 'Vietnamese citizenship regained',
  },
  status: {
    received: 'Received', verified: 'Verified', approved: 'Approved', rejected: 'Rejected', cancelled: 'Cancelled',
    in_production: 'In production', produced: 'Produced', handed_over: 'Handed over',
  },
  statusAll: 'All',
  cardStatus: {
    personalised: 'Personalised', qc_failed: 'Failed quality control', quality_checked: 'Quality checked', shipped: 'Shipped', ready: 'Ready for hand-over',
    active: 'Active', lost: 'Lost', stolen: 'Stolen', revoked: 'Revoked', expired: 'Expired', replaced: 'Replaced', destroyed: 'Destroyed',
  },
  channel: { office: 'At the office', online: 'Booked online' },
  person: {
    section: 'Identity cards', cards: 'Cards issued', none: 'This citizen has no identity card in the system.', number: 'Card number', status: 'Status',
    issued: 'Issued', expires: 'Valid until', never: 'No expiry', openApplication: 'Open application', noOpenApplication: 'No card application is open.',
    open: 'Open a card application', applications: 'Card applications', openCard: 'Open card {{number}}',
  },
  queue: {
    title: 'Identity card applications', intro: 'Applications received by the offices of your jurisdiction, newest first.', filter: 'Application status',
    none: 'No applications.', reference: 'Reference', person: 'Citizen', kind: 'Kind', status: 'Status', received: 'Received on', office: 'Receiving office',
    open: 'Open', openOne: 'Open application {{reference}}',
  },
  app: {
    title: 'Application {{reference}}', back: 'Back to the applications', summary: 'The application', person: 'Citizen', idNumber: 'Personal ID number',
    birthDate: 'Date of birth', kind: 'Kind', reissueReason: 'Reissue reason', channel: 'Channel', office: 'Receiving office', createdAt: 'Received at',
    createdBy: 'Received by', appointment: 'Appointment', declared: 'Changes the citizen declared', you: 'you', outsideRegister: '(no longer in the register)',
    biometrics: 'Biometrics', photo: 'Face photo', noPhoto: 'No photo yet.', photoStored: 'Photo stored: {{width}} × {{height}} pixels, {{kb}} KB.',
    photoNotServed: 'The server cannot yet send a stored photo back; a photo shows only right after it is uploaded.', photoAlt: 'Face photo just uploaded for {{name}}',
    uploadPhoto: 'Upload the face photo (JPEG)', photoHelp: 'A 3:4 portrait JPEG, at least 480 × 640 pixels, at most 1 MB.', send: 'Store the photo',
    fingers: 'Fingerprints', finger: 'Finger', fingerState: 'State', quality: 'Quality (NFIQ 2)', noFingers: 'No fingerprints captured yet.',
    captured: 'Captured ({{format}})', lowQuality: 'low quality, recapture advised', missing: 'Not captured: {{reason}}',
    under6: 'The citizen is under 6: no photo or fingerprints are collected (Law on Identification 2023, Art. 23(2)).',
    checks: 'Automatic checks', notChecked: 'The checks have not been run.', passed: 'Passed: every condition is met.', failed: 'Failed: {{count}} condition(s) not met.',
    checkedAt: 'Last run {{when}} by {{who}}.', runChecks: 'Run the checks', checkList: 'Conditions checked', ok: 'Met', notOk: 'Not met',
    decision: 'Decision', decided: '{{status}} at {{when}} by {{who}}.', note: 'Decision note', approve: 'Approve', reject: 'Reject',
    rejectReason: 'Reason for rejecting (the citizen is told)', noteLabel: 'Note', approveHelp: 'Only a verified application can be approved. The officer who took it or captured its biometrics cannot decide it.',
    notDecider: 'A provincial officer, a central officer or an administrator decides this application.', approved: 'The application is approved.', rejected: 'The application is rejected.',
    yourOwn: 'You took this application; under the four-eyes rule another officer decides it.',
    card: 'Card issued', saved: 'Saved.',
  },
  card: {
    title: 'Identity card {{number}}', holder: 'Holder', status: 'Status', recordedStatus: 'Recorded status', issued: 'Issued', expires: 'Valid until',
    handedOver: 'Handed over', statusChanged: 'Status changed at', statusReason: 'Reason', replacedBy: 'Replaced by card', application: 'Application',
    face: 'Card face', front: 'Front of card {{number}}', back: 'Back of card {{number}}', noFace: 'You may not see the card face (receiving office and production centre only).',
    actions: 'Actions', handOver: 'Hand the card over', handOverHelp: 'The holder\'s previous card, if any, is collected and becomes "replaced".',
    handOverNote: 'Hand-over note', loss: 'Report the card lost', lossKind: 'What happened', lost: 'Lost', stolen: 'Stolen', lossNote: 'Note',
    revoke: 'Revoke the card', revokeReason: 'Reason for revoking (with the decision number)', done: 'Recorded: the card is now "{{status}}".', noActions: 'No action applies to the card in its current state.',
    retired: 'The previous card {{number}} was collected.',
  },
  fingerName: {
    1: 'Right thumb', 2: 'Right index', 3: 'Right middle', 4: 'Right ring', 5: 'Right little',
    6: 'Left thumb', 7: 'Left index', 8: 'Left middle', 9: 'Left ring', 10: 'Left little',
  },
  missingReason: { amputated: 'amputated', bandaged: 'bandaged', congenital: 'congenital', injured: 'injured', unusable: 'unusable' },
  capture: {
    title: 'Capture the fingerprints', help: 'Each finger: an image file (WSQ, PNG, JPEG or JPEG 2000) with the NFIQ 2 quality the device gave, or why it cannot be captured.',
    image: 'Fingerprint image, {{finger}}', quality: 'Quality, {{finger}}', reason: 'Why not captured, {{finger}}', clear: 'Remove the chosen file', choose: 'Choose a file', send: 'Store the fingerprints',
    needOne: 'An image and its quality, or a reason it cannot be captured.',
  },
  check: {
    'person-not-found': 'The ID number is no longer in the register (merged).', 'person-deceased': 'The register records the citizen\'s death.',
    'person-missing': 'The register records the citizen as missing.', 'not-born': 'The date of birth is after today.',
    'id-number-inconsistent': 'The ID number\'s century/sex digit or year contradicts the register.',
    'declared-change-not-recorded': 'A declared change is not recorded in the register yet (the card is printed from the register).',
    'reissue-reason-without-change': 'The reissue reason needs a declared change and none is declared.',
    'other-open-application': 'The citizen has another open application.', 'active-card-exists': 'The citizen holds a valid card.',
    'no-card-to-renew': 'There is no card to renew.', 'renewal-not-due': 'Renewal is not due yet (at the earliest 2 years before expiry).',
    'birth-date-incomplete': 'The register holds only a year or month of birth.', 'photo-missing': 'No face photo (from age 6).',
    'fingerprints-missing': 'Not all ten fingers are recorded (from age 6).', 'receiving-unit-abolished': 'The receiving office\'s unit is no longer in force.',
  },
  form: {
    title: 'Open an identity card application', for: 'For {{name}} ({{idNumber}})', kind: 'Kind of application', reissueReason: 'Reissue reason',
    office: 'Receiving office (commune/ward)', officeHelp: 'Your account has no jurisdiction of its own: choose the office that receives the application.',
    next: 'Once opened: upload the face photo, capture the fingerprints, then run the checks.', openExists: 'Open the application in progress {{reference}}',
    noPerson: 'Open this page from a citizen\'s record.',
  },
  problem: {
    'own-application': 'You may not decide an application you took or whose biometrics you captured (four eyes)',
    'application-status-conflict': 'The application\'s status does not allow this', 'open-application-exists': 'The citizen already has an open card application',
    'biometrics-not-collected': 'No biometrics are collected for a child under 6', 'photo-not-jpeg': 'The photo is not a JPEG image',
    'photo-too-small': 'The photo is too small (at least 480 × 640 pixels)', 'photo-bad-aspect': 'The photo is not a 3:4 portrait', 'photo-too-large': 'The photo file is too large (at most 1 MB)',
    'photo-poor-quality': 'The photo is not usable (nearly uniform, too dark or washed out)', 'fingerprint-image-invalid': 'A fingerprint image is not WSQ, PNG, JPEG or JPEG 2000',
    'card-state-conflict': 'The card\'s state does not allow this', 'invalid-card-number': 'The card number is not valid',
    'unsupported-media-type': 'This file type is not accepted',
  },
};
