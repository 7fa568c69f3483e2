import type { DistrictId, Sector } from "./schema/constants";

/** The five local housing authorities of Oxfordshire. */
export const DISTRICTS: Array<{ id: DistrictId; name: string; councilName: string; websiteUrl: string }> = [
  {
    id: "cherwell",
    name: "Cherwell",
    councilName: "Cherwell District Council",
    websiteUrl: "https://www.cherwell.gov.uk",
  },
  { id: "oxford", name: "Oxford", councilName: "Oxford City Council", websiteUrl: "https://www.oxford.gov.uk" },
  {
    id: "south-oxfordshire",
    name: "South Oxfordshire",
    councilName: "South Oxfordshire District Council",
    websiteUrl: "https://www.southoxon.gov.uk",
  },
  {
    id: "vale-of-white-horse",
    name: "Vale of White Horse",
    councilName: "Vale of White Horse District Council",
    websiteUrl: "https://www.whitehorsedc.gov.uk",
  },
  {
    id: "west-oxfordshire",
    name: "West Oxfordshire",
    councilName: "West Oxfordshire District Council",
    websiteUrl: "https://www.westoxon.gov.uk",
  },
];

type OrganisationSeed = {
  slug: string;
  name: string;
  sector: Sector;
  districtId: DistrictId | null;
  subjectToDutyToRefer: boolean;
  description: string;
};

/**
 * Partner organisations named in the Trailblazer review. Public inboxes in
 * demo data use example domains: they are not the organisations' real addresses.
 */
export const ORGANISATIONS: OrganisationSeed[] = [
  {
    slug: "cherwell-district-council",
    name: "Cherwell District Council",
    sector: "local_housing_authority",
    districtId: "cherwell",
    subjectToDutyToRefer: false,
    description:
      "Local housing authority for Banbury, Bicester, Kidlington and the surrounding villages. Its housing options team receives Duty to Refer referrals for Cherwell.",
  },
  {
    slug: "oxford-city-council",
    name: "Oxford City Council",
    sector: "local_housing_authority",
    districtId: "oxford",
    subjectToDutyToRefer: false,
    description:
      "Local housing authority for the city of Oxford. Its housing options team receives Duty to Refer referrals for Oxford.",
  },
  {
    slug: "south-oxfordshire-district-council",
    name: "South Oxfordshire District Council",
    sector: "local_housing_authority",
    districtId: "south-oxfordshire",
    subjectToDutyToRefer: false,
    description:
      "Local housing authority for Didcot, Henley-on-Thames, Thame, Wallingford and the surrounding villages.",
  },
  {
    slug: "vale-of-white-horse-district-council",
    name: "Vale of White Horse District Council",
    sector: "local_housing_authority",
    districtId: "vale-of-white-horse",
    subjectToDutyToRefer: false,
    description: "Local housing authority for Abingdon, Faringdon, Wantage and the surrounding villages.",
  },
  {
    slug: "west-oxfordshire-district-council",
    name: "West Oxfordshire District Council",
    sector: "local_housing_authority",
    districtId: "west-oxfordshire",
    subjectToDutyToRefer: false,
    description: "Local housing authority for Witney, Carterton, Chipping Norton and the surrounding villages.",
  },
  {
    slug: "occ-childrens-social-care",
    name: "Oxfordshire County Council Children's Social Care",
    sector: "county_council",
    districtId: null,
    subjectToDutyToRefer: true,
    description: "Children's social care, including leaving care services for young people leaving care.",
  },
  {
    slug: "occ-adult-social-care",
    name: "Oxfordshire County Council Adult Social Care",
    sector: "county_council",
    districtId: null,
    subjectToDutyToRefer: true,
    description: "Adult social care across the county, including hospital social work teams.",
  },
  {
    slug: "oxford-university-hospitals",
    name: "Oxford University Hospitals NHS Foundation Trust",
    sector: "health",
    districtId: null,
    subjectToDutyToRefer: true,
    description:
      "Acute hospitals: the John Radcliffe, Churchill and Nuffield Orthopaedic Centre in Oxford, and the Horton General in Banbury. Emergency departments and inpatient wards are under the Duty to Refer.",
  },
  {
    slug: "oxford-health",
    name: "Oxford Health NHS Foundation Trust",
    sector: "mental_health",
    districtId: null,
    subjectToDutyToRefer: true,
    description:
      "Mental health and community health services across the county, including inpatient mental health wards.",
  },
  {
    slug: "oxfordshire-ccg",
    name: "Oxfordshire Clinical Commissioning Group",
    sector: "health",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Commissions health services for the county's population.",
  },
  {
    slug: "national-probation-service",
    name: "National Probation Service",
    sector: "criminal_justice",
    districtId: null,
    subjectToDutyToRefer: true,
    description: "Supervises people on licence and community sentences across the Thames Valley.",
  },
  {
    slug: "thames-valley-crc",
    name: "Thames Valley Community Rehabilitation Company",
    sector: "criminal_justice",
    districtId: null,
    subjectToDutyToRefer: true,
    description: "Supervised people on lower and medium-risk orders and licences in the Thames Valley.",
  },
  {
    slug: "hmp-bullingdon",
    name: "HMP Bullingdon",
    sector: "criminal_justice",
    districtId: "cherwell",
    subjectToDutyToRefer: true,
    description:
      "Category C prison and local remand prison near Bicester. Resettlement staff refer prison leavers at risk of homelessness.",
  },
  {
    slug: "hmp-spring-hill",
    name: "HMP Spring Hill",
    sector: "criminal_justice",
    districtId: null,
    subjectToDutyToRefer: true,
    description: "Open prison near the Oxfordshire border. Many residents return to Oxfordshire on release.",
  },
  {
    slug: "jobcentre-plus",
    name: "Jobcentre Plus",
    sector: "employment_and_benefits",
    districtId: null,
    subjectToDutyToRefer: true,
    description: "Work coaches in the county's jobcentres, supporting people claiming Universal Credit.",
  },
  {
    slug: "connection-support",
    name: "Connection Support",
    sector: "voluntary_and_community",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Housing-related support, including embedded housing workers in children's social work teams.",
  },
  {
    slug: "aspire-oxford",
    name: "Aspire Oxford",
    sector: "voluntary_and_community",
    districtId: "oxford",
    subjectToDutyToRefer: false,
    description: "Employment, training and housing support for people who have experienced homelessness.",
  },
  {
    slug: "crisis",
    name: "Crisis",
    sector: "voluntary_and_community",
    districtId: "oxford",
    subjectToDutyToRefer: false,
    description: "National homelessness charity with a Skylight centre in Oxford.",
  },
  {
    slug: "citizens-advice",
    name: "Citizens Advice",
    sector: "voluntary_and_community",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Free, independent advice on benefits, debt, housing and employment.",
  },
  {
    slug: "salvation-army",
    name: "Salvation Army",
    sector: "voluntary_and_community",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Church and charity offering community support and supported accommodation.",
  },
  {
    slug: "a2dominion",
    name: "A2Dominion",
    sector: "housing_provider",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Housing association with general needs and supported homes in the county.",
  },
  {
    slug: "edge-housing",
    name: "Edge Housing",
    sector: "housing_provider",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Supported housing for people with a history of offending, addiction or homelessness.",
  },
  {
    slug: "turning-point",
    name: "Turning Point",
    sector: "voluntary_and_community",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Drug and alcohol treatment and recovery services.",
  },
  {
    slug: "response",
    name: "Response",
    sector: "voluntary_and_community",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Supported housing and community support for people with mental health needs.",
  },
  {
    slug: "oxfordshire-domestic-abuse-service",
    name: "Oxfordshire Domestic Abuse Service",
    sector: "voluntary_and_community",
    districtId: null,
    subjectToDutyToRefer: false,
    description: "Refuge and outreach support for people experiencing domestic abuse.",
  },
  {
    slug: "oxfed",
    name: "OxFed",
    sector: "primary_care",
    districtId: "oxford",
    subjectToDutyToRefer: false,
    description: "GP federation for Oxford city practices.",
  },
  {
    slug: "ministry-of-defence",
    name: "Ministry of Defence",
    sector: "armed_forces",
    districtId: "west-oxfordshire",
    subjectToDutyToRefer: true,
    description:
      "Regular armed forces, including RAF Brize Norton. The Secretary of State for Defence must refer members of the regular forces who may be homeless.",
  },
];

export const SPECIALISMS = [
  { id: "hospital-discharge", label: "Hospital discharge" },
  { id: "prison-release", label: "Prison release" },
  { id: "care-leavers", label: "Care leavers" },
  { id: "domestic-abuse", label: "Domestic abuse" },
  { id: "universal-credit", label: "Universal Credit" },
  { id: "families", label: "Families" },
  { id: "mental-health", label: "Mental health" },
  { id: "armed-forces", label: "Armed forces" },
  { id: "drugs-and-alcohol", label: "Drugs and alcohol" },
  { id: "young-people", label: "Young people" },
  { id: "private-renting", label: "Private renting" },
  { id: "rough-sleeping", label: "Rough sleeping" },
];

export const CIRCUMSTANCES = [
  {
    id: "leaving-prison",
    label: "Someone leaving prison",
    description: "Released or about to be released with nowhere settled to live.",
    specialisms: ["prison-release"],
  },
  {
    id: "hospital-discharge",
    label: "A patient ready for discharge with no home",
    description: "Medically fit to leave hospital but with nowhere safe to go.",
    specialisms: ["hospital-discharge", "mental-health"],
  },
  {
    id: "leaving-care",
    label: "A young person leaving care",
    description: "A care leaver approaching 18, or under 25 and struggling to keep a home.",
    specialisms: ["care-leavers", "young-people"],
  },
  {
    id: "domestic-abuse",
    label: "Someone experiencing domestic abuse",
    description: "Not safe at home, or has had to leave.",
    specialisms: ["domestic-abuse", "families"],
  },
  {
    id: "rent-arrears",
    label: "Rent arrears or benefit problems",
    description: "Behind with rent, waiting for Universal Credit, or facing a notice from a landlord.",
    specialisms: ["universal-credit", "private-renting"],
  },
  {
    id: "leaving-forces",
    label: "Someone leaving the armed forces",
    description: "A service leaver, or a family losing service accommodation.",
    specialisms: ["armed-forces"],
  },
  {
    id: "rough-sleeping",
    label: "Someone sleeping rough",
    description: "Sleeping outside, in a car, or somewhere not meant for living in.",
    specialisms: ["rough-sleeping", "drugs-and-alcohol"],
  },
];

/** Specialisms a contact in each organisation brings, for demo data. */
export const ORGANISATION_SPECIALISMS: Record<string, string[]> = {
  "occ-childrens-social-care": ["care-leavers", "families", "young-people"],
  "occ-adult-social-care": ["hospital-discharge", "mental-health"],
  "oxford-university-hospitals": ["hospital-discharge"],
  "oxford-health": ["mental-health", "hospital-discharge"],
  "oxfordshire-ccg": ["hospital-discharge"],
  "national-probation-service": ["prison-release"],
  "thames-valley-crc": ["prison-release"],
  "hmp-bullingdon": ["prison-release"],
  "hmp-spring-hill": ["prison-release"],
  "jobcentre-plus": ["universal-credit"],
  "connection-support": ["families", "private-renting"],
  "aspire-oxford": ["rough-sleeping", "prison-release"],
  crisis: ["rough-sleeping"],
  "citizens-advice": ["universal-credit", "private-renting"],
  "salvation-army": ["rough-sleeping"],
  a2dominion: ["private-renting"],
  "edge-housing": ["prison-release", "drugs-and-alcohol"],
  "turning-point": ["drugs-and-alcohol"],
  response: ["mental-health"],
  "oxfordshire-domestic-abuse-service": ["domestic-abuse", "families"],
  oxfed: ["mental-health"],
  "ministry-of-defence": ["armed-forces"],
};

/** The countywide Duty to Refer procedure, in brief, shown on every district page. */
export const DUTY_TO_REFER_PROCEDURE =
  "Oxfordshire's five housing authorities share one Duty to Refer procedure. Ask the person for consent, and which council they want to be referred to (usually where they have a local connection). Send the referral with their name, contact details, the reason you think they may be homeless or threatened with homelessness within 56 days, and confirmation of consent. The council contacts the person, assesses their situation and, if they are eligible, works with them on a personalised housing plan. Refer early: before 56 days if you can.";
