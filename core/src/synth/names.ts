/**
 * Word lists for synthetic tenants: given names, family names, departments and the
 * sites that get Shared Calling. Plain data, kept apart so the generator reads as logic.
 */

export const FIRST_NAMES: readonly string[] = [
  'Aaron', 'Abigail', 'Adam', 'Aisha', 'Alex', 'Alice', 'Amara', 'Amir', 'Ana', 'Andrea',
  'Anna', 'Arjun', 'Ben', 'Bianca', 'Bruno', 'Carla', 'Carlos', 'Chen', 'Chloe', 'Daniel',
  'David', 'Diana', 'Diego', 'Elena', 'Eli', 'Emily', 'Emma', 'Erik', 'Fatima', 'Felix',
  'Fiona', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hiro', 'Ian', 'Ines', 'Isaac', 'Ivan',
  'Jack', 'Jana', 'Jasmine', 'Javier', 'Jin', 'Jonas', 'Julia', 'Kai', 'Karin', 'Kenji',
  'Laila', 'Laura', 'Leo', 'Lena', 'Liam', 'Lucas', 'Lucia', 'Maya', 'Mateo', 'Mei',
  'Mia', 'Mohammed', 'Nadia', 'Naomi', 'Nathan', 'Nina', 'Noah', 'Olga', 'Omar', 'Oscar',
  'Paula', 'Pedro', 'Priya', 'Rafael', 'Rahul', 'Rosa', 'Ryan', 'Sara', 'Sofia', 'Sven',
  'Tariq', 'Tom', 'Uma', 'Victor', 'Wei', 'Yara', 'Yusuf', 'Zara', 'Zoe', 'Elif',
];

export const LAST_NAMES: readonly string[] = [
  'Adams', 'Ahmed', 'Alvarez', 'Andersen', 'Bauer', 'Becker', 'Bianchi', 'Brown', 'Campbell', 'Chen',
  'Costa', 'Dubois', 'Edwards', 'Eriksson', 'Fischer', 'Garcia', 'Gonzalez', 'Green', 'Hall', 'Hansen',
  'Hernandez', 'Hoffmann', 'Hughes', 'Ivanova', 'Jansen', 'Johnson', 'Kaur', 'Kim', 'Kowalski', 'Kumar',
  'Lambert', 'Larsen', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Miller', 'Moreau', 'Muller', 'Nakamura',
  'Nguyen', 'Nielsen', 'Novak', 'OBrien', 'Okafor', 'Olsen', 'Patel', 'Perez', 'Petrov', 'Quinn',
  'Ramirez', 'Rossi', 'Russo', 'Sato', 'Schmidt', 'Schneider', 'Silva', 'Singh', 'Smith', 'Sousa',
  'Suzuki', 'Tanaka', 'Taylor', 'Thomas', 'Torres', 'Virtanen', 'Wagner', 'Walker', 'Wang', 'Weber',
  'White', 'Wilson', 'Wright', 'Yamamoto', 'Yilmaz', 'Young', 'Zhang', 'Zimmermann', 'Murphy', 'Dvorak',
];

export const DEPARTMENTS: readonly string[] = [
  'Sales', 'Marketing', 'Finance', 'IT', 'HR', 'Operations', 'Retail', 'Legal', 'R&D',
  'Customer Support', 'Engineering', 'Manufacturing', 'Logistics', 'Procurement', 'Facilities',
  'Security', 'Product Management', 'Design', 'Quality Assurance', 'Communications',
  'Business Development', 'Accounting', 'Payroll', 'Training', 'Compliance', 'Data Science',
  'Field Services', 'Warehouse', 'Executive Office', 'Reception',
];

export const REGIONS: readonly string[] = [
  'North', 'South', 'East', 'West', 'Central', 'EMEA', 'APAC', 'Americas', 'Nordics', 'DACH', 'UK', 'Benelux',
];

/** A place that can host a Shared Calling site: its country and a 4-digit E.164 prefix (country code and area). */
export interface SitePlace {
  readonly city: string;
  readonly country: string;
  /** `+` and four digits; every prefix has the same length, so prefix plus a global counter never collides. */
  readonly prefix: string;
}

/** Places in countries where Shared Calling supports Calling Plan service numbers. */
export const SITE_PLACES: readonly SitePlace[] = [
  { city: 'Seattle', country: 'US', prefix: '+1206' },
  { city: 'Austin', country: 'US', prefix: '+1512' },
  { city: 'Toronto', country: 'CA', prefix: '+1416' },
  { city: 'London', country: 'GB', prefix: '+4420' },
  { city: 'Munich', country: 'DE', prefix: '+4989' },
  { city: 'Paris', country: 'FR', prefix: '+3314' },
  { city: 'Madrid', country: 'ES', prefix: '+3491' },
  { city: 'Amsterdam', country: 'NL', prefix: '+3120' },
  { city: 'Dublin', country: 'IE', prefix: '+3531' },
  { city: 'Stockholm', country: 'SE', prefix: '+4687' },
  { city: 'Milan', country: 'IT', prefix: '+3902' },
  { city: 'Zurich', country: 'CH', prefix: '+4144' },
];

/** Places where Calling Plan service numbers are not supported for Shared Calling (RO, CZ, HU, SG, NZ, AU, JP). */
export const UNSUPPORTED_PLACES: readonly SitePlace[] = [
  { city: 'Sydney', country: 'AU', prefix: '+6129' },
  { city: 'Tokyo', country: 'JP', prefix: '+8135' },
  { city: 'Prague', country: 'CZ', prefix: '+4202' },
  { city: 'Singapore', country: 'SG', prefix: '+6562' },
];

/** Where personal (user) numbers come from: a Direct Routing range in Redmond. */
export const USER_NUMBER_PREFIX = '+1425';
