// apimachinery: util/validation IsQualifiedName / IsValidLabelValue / IsDNS1123Subdomain.

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** "" when `key` is a valid qualified name (label key), otherwise why not. */
export function qualifiedNameProblem(key: string): string {
  const slash = key.lastIndexOf("/");
  const parts = key.split("/");
  if (parts.length > 2) return "is not a valid label key (at most one '/')";
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0) return "is not a valid label key (empty prefix)";
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return "is not a valid label key (the prefix must be a DNS-1123 subdomain)";
    }
  }
  if (name.length === 0) return "is not a valid label key (empty name)";
  if (name.length > 63) return "is not a valid label key (the name part must be at most 63 characters)";
  if (!NAME_PART.test(name)) {
    return "is not a valid label key (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
  }
  return "";
}

/** "" when `value` is a valid label value, otherwise why not. */
export function labelValueProblem(value: string): string {
  if (value.length === 0) return "";
  if (value.length > 63) return "is not a valid label value (at most 63 characters)";
  if (!NAME_PART.test(value)) {
    return "is not a valid label value (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
  }
  return "";
}
