import * as z from 'zod/mini';

// Kubernetes name rules (apimachinery validation): namespaces are DNS-1123 labels, pods and
// workloads DNS-1123 subdomains, services DNS-1035 labels (must start with a letter), and
// label values (the `app` of an app target) may also hold upper case, "_" and ".".
export const dnsLabel = z
  .string()
  .check(
    z.maxLength(63, 'is longer than 63 characters'),
    z.regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
      'must be lowercase letters, digits and "-", starting and ending with a letter or digit',
    ),
  );

export const dnsSubdomain = z
  .string()
  .check(
    z.maxLength(253, 'is longer than 253 characters'),
    z.regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      'must be lowercase letters, digits, "-" and "."',
    ),
  );

export const dns1035Label = z
  .string()
  .check(
    z.maxLength(63, 'is longer than 63 characters'),
    z.regex(
      /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
      'must be lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
    ),
  );

export const labelValue = z
  .string()
  .check(
    z.maxLength(63, 'is longer than 63 characters'),
    z.regex(
      /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
      'must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    ),
  );
