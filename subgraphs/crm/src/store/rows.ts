/** Rows as the SQL stores return them; resolvers map them to GraphQL types. */

export interface CompanyRow {
  org_id: string;
  id: string;
  name: string;
  domain: string | null;
  phone: string | null;
  status: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ContactRow {
  org_id: string;
  id: string;
  company_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  is_primary: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface DealRow {
  org_id: string;
  id: string;
  company_id: string;
  title: string;
  stage: string;
  /** numeric arrives as a string from PostgreSQL: no float rounding on the way. */
  value: string;
  currency: string;
  status: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ActivityRow {
  org_id: string;
  id: string;
  company_id: string;
  contact_id: string | null;
  deal_id: string | null;
  type: string;
  summary: string;
  source: string;
  external_ref: string | null;
  occurred_at: Date;
  created_at: Date;
}
