/**
 * Passwords of at least 10 characters that top the public breach lists, plus the obvious ones for a help
 * desk. Compared lower-cased. Shorter common passwords are refused by the length rule anyway.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0123456789', '0987654321', '1111111111', '0000000000', '2222222222', '5555555555', '7777777777',
  '9999999999', '1212121212', '1234512345', '1122334455', '1029384756', '12345678910', '123456789a', 'a123456789',
  '12345qwert', 'qwert12345', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'zaq12wsxcde3', '1qaz2wsx3edc', 'qazwsxedcrfv',
  'qwertyuiop', 'asdfghjkl;', 'asdfghjkl1', 'zxcvbnm123', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyuiop1',
  'qwertyqwerty', 'asdfasdfasdf', 'abcdefghij', 'abcdefg123', 'abc1234567', 'abcd123456', 'password12', 'password123',
  'password1234', 'password12345', 'password!1', 'password01', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'mypassword',
  'mypassword1', 'newpassword', 'newpassword1', 'changeme123', 'changeme2024', 'letmein123', 'letmein1234', 'welcome123',
  'welcome1234', 'welcome2024', 'welcome2025', 'iloveyou12', 'iloveyou123', 'princess123', 'sunshine123', 'football123',
  'baseball123', 'basketball', 'superman123', 'starwars123', 'pokemon123', 'computer123', 'internet123', 'monkey1234',
  'dragon1234', 'michael123', 'jennifer123', 'trustno1234', 'administrator', 'administrator1', 'admin12345', 'admin123456',
  'adminadmin', 'admin@1234', 'rootroot123', 'helpdesk123', 'helpdesk2024', 'helpdesk2025', 'support123', 'support1234',
  'ticket1234', 'relaydesk1', 'relaydesk123', 'osticket123', 'summer2024', 'winter2024', 'spring2024', 'autumn2024',
  'summer2025', 'winter2025', 'spring2025', 'autumn2025', 'january2025', 'company123', 'secret1234', 'whatever123',
]);
