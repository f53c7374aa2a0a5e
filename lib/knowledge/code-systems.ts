// Code system URIs, as named constants (match on system + code, never on coding[0]).

export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** Some servers label ICD-10-CM codes with the international ICD-10 URI: accepted as ICD-10-CM. */
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const LOINC = 'http://loinc.org';
export const ATC = 'http://www.whocc.no/atc';
export const UCUM = 'http://unitsofmeasure.org';

/** Systems whose codes are read as ICD-10-CM. */
export const icd10Systems: readonly string[] = [ICD10CM, ICD10];
