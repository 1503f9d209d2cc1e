// Word lists for bench/generate.js: names, subjects and thread bodies of a plausible help desk.
// Plain data, no SQL escaping here (generate.js escapes each piece once at start-up).
'use strict';

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Lisa', 'Daniel', 'Nancy',
  'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
  'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Dorothy', 'George', 'Melissa',
  'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Edward', 'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia',
  'Jacob', 'Kathleen', 'Gary', 'Amy', 'Nicholas', 'Angela', 'Eric', 'Shirley', 'Jonathan', 'Anna', 'Stephen', 'Brenda',
  'Larry', 'Pamela', 'Justin', 'Emma', 'Scott', 'Nicole', 'Brandon', 'Helen', 'Benjamin', 'Samantha', 'Samuel', 'Katherine',
  'Gregory', 'Christine', 'Alexander', 'Debra', 'Frank', 'Rachel', 'Patrick', 'Carolyn', 'Raymond', 'Janet', 'Jack', 'Catherine',
  'Dennis', 'Maria', 'Jerry', 'Heather', 'Tyler', 'Diane', 'Aaron', 'Ruth', 'Jose', 'Julie', 'Adam', 'Olivia', 'Nathan', 'Joyce',
  'Henry', 'Virginia', 'Douglas', 'Victoria', 'Zachary', 'Kelly', 'Peter', 'Lauren', 'Kyle', 'Christina', 'Ethan', 'Joan',
  'Walter', 'Evelyn', 'Noah', 'Judith', 'Jeremy', 'Megan', 'Christian', 'Andrea', 'Keith', 'Cheryl', 'Roger', 'Hannah',
  'Terry', 'Jacqueline', 'Gerald', 'Martha', 'Harold', 'Gloria', 'Sean', 'Teresa', 'Austin', 'Ann', 'Carl', 'Sara', 'Arthur',
  'Madison', 'Lawrence', 'Frances', 'Dylan', 'Kathryn', 'Jesse', 'Janice', 'Jordan', 'Jean', 'Bryan', 'Abigail', 'Billy',
  'Alice', 'Joe', 'Julia', 'Bruce', 'Judy', 'Gabriel', 'Sophia', 'Logan', 'Grace', 'Albert', 'Denise', 'Willie', 'Amber',
  'Alan', 'Doris', 'Juan', 'Marilyn', 'Wayne', 'Danielle', 'Elijah', 'Beverly', 'Randy', 'Isabella', 'Roy', 'Theresa',
  'Vincent', 'Diana', 'Ralph', 'Natalie', 'Eugene', 'Brittany', 'Russell', 'Charlotte', 'Bobby', 'Marie', 'Mason', 'Kayla',
  'Philip', 'Alexis', 'Louis', 'Lori', 'Aisha', 'Wei', 'Priya', 'Hiroshi', 'Fatima', 'Mateo', 'Chloé', 'Søren', 'Zoë', 'Ngozi',
];

const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez',
  'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
  'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
  'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell',
  'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey',
  'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James',
  'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long',
  'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson',
  'Barnes', 'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Tran',
  'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald',
  'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns',
  "O'Brien", "O'Connor", 'Müller', 'Schröder', 'Dubois', 'Kowalski', 'Novák', 'Yamamoto', 'Okafor', 'Haddad', 'Singh',
  'Andersson', 'Rossi', 'Silva', 'Ivanova', 'Dąbrowski', 'Nakamura', 'Fitzgerald', 'Lindqvist', 'Van der Berg',
];

const EMAIL_DOMAINS = [
  'example.com', 'example.org', 'example.net', 'mail.example.com', 'acme.example', 'globex.example', 'initech.example',
  'umbrella.example', 'hooli.example', 'stark.example', 'wayne.example', 'contoso.example', 'fabrikam.example',
  'northwind.example', 'tailspin.example', 'wingtip.example', 'adventure-works.example', 'litware.example',
];

const DEPARTMENTS = [
  // ids 1..3 exist after the migrations (Support, Sales, Maintenance); these become ids 4...
  'Billing', 'Technical Support', 'Accounts', 'Network Operations', 'Field Services', 'Returns', 'Shipping',
  'Customer Success', 'Security', 'Procurement', 'Human Resources', 'Facilities', 'IT Helpdesk', 'Product Feedback',
  'Partner Support', 'Training', 'Legal', 'Payroll', 'Marketing', 'Quality Assurance', 'Warehouse', 'Compliance',
];

const TEAMS = [
  // id 1 exists after the migrations (Level I Support); these become ids 2...
  'Level II Support', 'Escalations', 'Billing Specialists', 'Network Team', 'Onboarding', 'Night Shift', 'VIP Care',
  'Hardware', 'Integrations', 'Weekend Cover', 'Data Team', 'Mobile Team',
];

// Subjects: a template with slots. {product} {place} {n} {code} {month} {app} are filled in by generate.js.
const SUBJECTS = [
  'Cannot log in to {app}', 'Password reset link not working', 'Account locked after too many attempts',
  'Invoice {code} shows the wrong amount', 'Charged twice for order #{n}', 'Refund for order #{n} not received',
  'Request a copy of the {month} invoice', 'Update billing address on account', 'Change payment method',
  'Question about my subscription renewal', 'Cancel subscription', 'Upgrade to the annual plan',
  '{product} will not turn on', '{product} keeps restarting', '{product} is making a grinding noise',
  '{product} screen flickers', 'Replacement part for {product}', 'Warranty claim for {product}',
  'Printer on {place} not working', 'Wi-Fi drops every few minutes on {place}', 'VPN disconnects after 10 minutes',
  'Email not syncing on my phone', 'Outlook keeps asking for password', 'Shared drive is not accessible',
  'Need access to {app} reports', 'Request admin rights for {app}', 'New starter: laptop and accounts for Monday',
  'Leaver: disable accounts for employee #{n}', 'Error {code} when saving in {app}', '{app} is very slow today',
  '{app} shows a blank page after the update', 'Export to CSV fails in {app}', 'Import of customer list stuck at 99%',
  'API returns 500 on /v2/orders', 'Webhook deliveries failing since yesterday', 'Integration with {app} stopped syncing',
  'Package #{n} marked delivered but not received', 'Wrong item shipped on order #{n}', 'Damaged on arrival: {product}',
  'Return label for order #{n}', 'Where is my order #{n}?', 'Change delivery address for order #{n}',
  'Quote request for 50 units of {product}', 'Pricing for education customers', 'Bulk discount for {product}',
  'Demo request for our team', 'Partnership enquiry', 'Feedback on the new dashboard', 'Feature request: dark mode in {app}',
  'Suggestion: export reports as PDF', 'Complaint about response time', 'Thank you for the quick fix',
  'Air conditioning broken in {place}', 'Leak in the ceiling on {place}', 'Meeting room projector not working in {place}',
  'Badge does not open the door on {place}', 'Parking permit renewal', 'Desk move request to {place}',
  'Payslip for {month} missing', 'Holiday balance looks wrong', 'Expense claim {code} rejected',
  'Phishing email received, please check', 'Suspicious login alert on my account', 'Lost laptop, please wipe it',
  'Two-factor authentication codes not arriving', 'Certificate expired on internal site', 'Request firewall rule for {app}',
  'Training session for {app}', 'How do I set up recurring reports?', 'API documentation for {app}',
  'Cannot upload attachments larger than 5 MB', 'Notifications not being sent', 'Duplicate accounts need merging',
  'GDPR data request', 'Delete my account and data', 'Contract renewal question', 'Urgent: production outage',
  'Site down for customers in Europe', 'Slow checkout on the web shop', 'Barcode scanner not reading labels',
  'Stock levels wrong for {product}', 'Re: order #{n}', 'Fwd: invoice {code}', 'Follow-up on ticket #{n}',
];

const PRODUCTS = [
  'the X200 printer', 'my laptop', 'the docking station', 'the coffee machine', 'the barcode scanner', 'the router',
  'the label printer', 'the Model S vacuum', 'my headset', 'the conference phone', 'the POS terminal', 'the monitor',
  'the tablet', 'the smart thermostat', 'the UPS unit', 'the NAS', 'the Pro 14 notebook', 'the webcam', 'the keyboard',
];
const PLACES = [
  'the 3rd floor', 'the 2nd floor', 'the ground floor', 'building B', 'the London office', 'the warehouse',
  'the Berlin office', 'reception', 'the finance wing', 'meeting room 4', 'the training room', 'the lab',
];
const APPS = [
  'the customer portal', 'the CRM', 'the ERP', 'SharePoint', 'the HR system', 'the expense tool', 'the web shop',
  'the mobile app', 'the reporting dashboard', 'the inventory system', 'Jira', 'the billing system', 'the intranet',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const GREETINGS_USER = ['Hello,', 'Hi,', 'Hi there,', 'Hello support team,', 'Dear support,', 'Good morning,', 'Hi team,', 'Hello again,'];
const SIGNOFFS_USER = ['Thanks,', 'Thank you,', 'Kind regards,', 'Best,', 'Regards,', 'Many thanks,', 'Cheers,'];
const SIGNOFFS_AGENT = ['Best regards,', 'Kind regards,', 'Thanks,', 'All the best,', 'Regards,'];

const USER_SENTENCES = [
  'I have been trying to sort this out since yesterday morning but nothing seems to work.',
  'When I click the button nothing happens, and after a minute the page shows an error.',
  'This is blocking our whole team, so I would appreciate a quick answer.',
  'I already tried restarting the computer and clearing the browser cache.',
  'The problem started right after the latest update was installed.',
  'It worked fine last week, and as far as I know nothing changed on our side.',
  'I attached a screenshot of the error message in my previous email.',
  'Could you please let me know when someone can have a look at it?',
  'Our order number is in the subject line, and the invoice was sent to the same address.',
  'The amount on the invoice does not match the quote we accepted in March.',
  'We were charged twice on the same day, once in the morning and once in the afternoon.',
  'The parcel tracking says delivered, but nobody at reception received anything.',
  'The device makes a clicking sound and then switches itself off after a few seconds.',
  'I need this resolved before the end of the month because of our audit.',
  'Several colleagues in the same office have the same issue.',
  'It only happens on the Wi-Fi network; on the cable everything is fine.',
  'I am not sure whether this is the right department, please forward it if not.',
  'Is there a workaround we can use in the meantime?',
  'I called the hotline earlier but was told to open a ticket instead.',
  'Please could you also update the contact phone number on our account?',
  'The error code shown is 0x80070005 and it appears every time.',
  'I followed the steps in the knowledge base article but they did not help.',
  'We have a customer demo tomorrow afternoon, so this is quite urgent for us.',
  'Just checking whether there is any update on this.',
  'Thanks for getting back to me so quickly.',
  'That did not fix it, unfortunately; the same message still comes up.',
  'It seems to work now after the change you made, thank you.',
  'I can confirm the problem is solved on my side, you may close the ticket.',
  'Actually, the issue came back this morning, exactly as before.',
  'Here is the information you asked for: the serial number is on the back label.',
  'I am using the latest version of Chrome on Windows 11.',
  'The same thing happens on my phone, so I do not think it is the browser.',
  'Our account manager said you would be able to help with this.',
  'I would like a refund rather than a replacement, if possible.',
  'The new password meets all the rules but it is still rejected.',
  'I did not receive the confirmation email, and it is not in the spam folder either.',
  'We need five more licences for the new starters joining next week.',
  'Could you send me the form again? The link in the last message has expired.',
];

const AGENT_SENTENCES = [
  'Thank you for contacting us, and sorry for the trouble this has caused.',
  'I have looked into your account and can see what happened.',
  'Could you please send us a screenshot of the error and the exact time it happened?',
  'I have escalated this to our second-line team, who will be in touch shortly.',
  'The duplicate charge has been refunded; it can take three to five working days to appear.',
  'I have reset your password; you will receive a separate email with a link to choose a new one.',
  'This is a known issue after the last update and a fix is being rolled out today.',
  'As a workaround, please use the desktop version until the fix is released.',
  'I have updated the billing address on your account as requested.',
  'A replacement has been dispatched and should arrive within two working days.',
  'Please find the return label attached; drop the parcel at any post office.',
  'I have unlocked your account; please try logging in again.',
  'Could you confirm the serial number of the device so we can check the warranty?',
  'Our technician will visit on Thursday between 9 and 12.',
  'I have added the requested access; it may take up to an hour to take effect.',
  'Let me know if the problem comes back and we will reopen this ticket.',
  'I will mark this ticket as resolved, but feel free to reply if you need anything else.',
  'We have not heard back from you, so we will close this ticket in three days.',
  'The engineering team confirmed the cause and deployed a fix this morning.',
  'I checked with the courier and the parcel was left with a neighbour.',
  'The invoice has been corrected and a new copy is attached to this message.',
  'Please restart the device while holding the reset button for ten seconds.',
  'Can you try again from a private browser window and tell me what you see?',
  'I have passed your feedback on to the product team; thank you for taking the time.',
];

const NOTE_SENTENCES = [
  'Customer called again, sounded frustrated. Promised an update by end of day.',
  'Checked the logs: the sync job failed at 03:12 with a timeout.',
  'Looks like a duplicate of an older ticket from the same customer.',
  'Waiting for the vendor to confirm the part number before ordering.',
  'Refund approved by the team lead.',
  'Do not close yet, the customer wants a call back first.',
  'Escalated to network ops, they are looking at the access point on that floor.',
  'VIP account: keep the response time short.',
  'Reproduced on staging with the same data set.',
  'Handed over to the night shift with the notes above.',
];

module.exports = {
  FIRST_NAMES, LAST_NAMES, EMAIL_DOMAINS, DEPARTMENTS, TEAMS, SUBJECTS, PRODUCTS, PLACES, APPS, MONTHS,
  GREETINGS_USER, SIGNOFFS_USER, SIGNOFFS_AGENT, USER_SENTENCES, AGENT_SENTENCES, NOTE_SENTENCES,
};
