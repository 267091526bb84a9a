import * as z from 'zod/mini';

// A kubeconfig file as kubectl reads it (k8s.io/client-go/tools/clientcmd/api/v1): only the
// fields meshdoc acts on are typed; the rest (extensions, preferences) pass through untouched.
// Every list may be null or missing, as in files kubectl itself writes. zod/mini: read on every
// live command (see kube.ts).

const ClusterSchema = z.looseObject({
  server: z.optional(z.string()),
  'certificate-authority': z.optional(z.string()),
  'certificate-authority-data': z.optional(z.string()),
  'insecure-skip-tls-verify': z.optional(z.boolean()),
  'tls-server-name': z.optional(z.string()),
  'proxy-url': z.optional(z.string()),
});

const ExecEnvSchema = z.looseObject({ name: z.string(), value: z.string() });

const ExecConfigSchema = z.looseObject({
  command: z.string(),
  args: z.nullish(z.array(z.string())),
  env: z.nullish(z.array(ExecEnvSchema)),
  apiVersion: z.optional(z.string()),
  installHint: z.optional(z.string()),
  provideClusterInfo: z.optional(z.boolean()),
  interactiveMode: z.optional(z.string()),
});

const AuthProviderSchema = z.looseObject({
  name: z.string(),
  config: z.nullish(z.record(z.string(), z.string())),
});

const UserSchema = z.looseObject({
  'client-certificate': z.optional(z.string()),
  'client-certificate-data': z.optional(z.string()),
  'client-key': z.optional(z.string()),
  'client-key-data': z.optional(z.string()),
  token: z.optional(z.string()),
  tokenFile: z.optional(z.string()),
  as: z.optional(z.string()),
  'as-groups': z.nullish(z.array(z.string())),
  username: z.optional(z.string()),
  password: z.optional(z.string()),
  'auth-provider': z.nullish(AuthProviderSchema),
  exec: z.nullish(ExecConfigSchema),
});

const ContextSchema = z.looseObject({
  cluster: z.string(),
  user: z.optional(z.string()),
  namespace: z.optional(z.string()),
});

export const KubeconfigFileSchema = z.looseObject({
  clusters: z.nullish(z.array(z.looseObject({ name: z.string(), cluster: z.nullish(ClusterSchema) }))),
  users: z.nullish(z.array(z.looseObject({ name: z.string(), user: z.nullish(UserSchema) }))),
  contexts: z.nullish(z.array(z.looseObject({ name: z.string(), context: z.nullish(ContextSchema) }))),
  'current-context': z.optional(z.string()),
});

export type KubeconfigFile = z.infer<typeof KubeconfigFileSchema>;
export type KubeconfigCluster = z.infer<typeof ClusterSchema>;
export type KubeconfigUser = z.infer<typeof UserSchema>;
export type KubeconfigContext = z.infer<typeof ContextSchema>;
export type ExecConfig = z.infer<typeof ExecConfigSchema>;

// What an exec credential plugin prints (client.authentication.k8s.io v1 and v1beta1).
export const ExecCredentialSchema = z.looseObject({
  apiVersion: z.optional(z.string()),
  kind: z.literal('ExecCredential'),
  status: z.nullish(
    z.looseObject({
      token: z.optional(z.string()),
      clientCertificateData: z.optional(z.string()),
      clientKeyData: z.optional(z.string()),
      expirationTimestamp: z.optional(z.string()),
    }),
  ),
});
export type ExecCredential = z.infer<typeof ExecCredentialSchema>;
