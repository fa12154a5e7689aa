/**
 * What a delivery form gets back from its server action: the outcome code, errors by field, and
 * on a refusal the fields as typed, so the form shows them again next to what is wrong.
 */
export interface DeliveryFormState {
  ok?: boolean;
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  at?: number;
}
