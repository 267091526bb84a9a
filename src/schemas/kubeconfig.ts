import * as z from 'zod';

// A kubeconfig file as kubectl reads it (k8s.io/client-go/tools/clientcmd/api/v1): only the
// fields meshdoc acts on are typed; the rest (extensions, preferences) pass through untouched.
// Every list may be null or missing, as in files kubectl itself writes.

const ClusterSchema = z.looseObject({
  server: z.string().optional(),
  'certificate-authority': z.string().optional(),
  'certificate-authority-data': z.string().optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
  'tls-server-name': z.string().optional(),
  'proxy-url': z.string().optional(),
});

const ExecEnvSchema = z.looseObject({ name: z.string(), value: z.string() });

const ExecConfigSchema = z.looseObject({
  command: z.string(),
  args: z.array(z.string()).nullish(),
  env: z.array(ExecEnvSchema).nullish(),
  apiVersion: z.string().optional(),
  installHint: z.string().optional(),
  provideClusterInfo: z.boolean().optional(),
  interactiveMode: z.string().optional(),
});

const AuthProviderSchema = z.looseObject({
  name: z.string(),
  config: z.record(z.string(), z.string()).nullish(),
});

const UserSchema = z.looseObject({
  'client-certificate': z.string().optional(),
  'client-certificate-data': z.string().optional(),
  'client-key': z.string().optional(),
  'client-key-data': z.string().optional(),
  token: z.string().optional(),
  tokenFile: z.string().optional(),
  as: z.string().optional(),
  'as-groups': z.array(z.string()).nullish(),
  username: z.string().optional(),
  password: z.string().optional(),
  'auth-provider': AuthProviderSchema.nullish(),
  exec: ExecConfigSchema.nullish(),
});

const ContextSchema = z.looseObject({
  cluster: z.string(),
  user: z.string().optional(),
  namespace: z.string().optional(),
});

export const KubeconfigFileSchema = z.looseObject({
  clusters: z.array(z.looseObject({ name: z.string(), cluster: ClusterSchema.nullish() })).nullish(),
  users: z.array(z.looseObject({ name: z.string(), user: UserSchema.nullish() })).nullish(),
  contexts: z.array(z.looseObject({ name: z.string(), context: ContextSchema.nullish() })).nullish(),
  'current-context': z.string().optional(),
});

export type KubeconfigFile = z.infer<typeof KubeconfigFileSchema>;
export type KubeconfigCluster = z.infer<typeof ClusterSchema>;
export type KubeconfigUser = z.infer<typeof UserSchema>;
export type KubeconfigContext = z.infer<typeof ContextSchema>;
export type ExecConfig = z.infer<typeof ExecConfigSchema>;

// What an exec credential plugin prints (client.authentication.k8s.io v1 and v1beta1).
export const ExecCredentialSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('ExecCredential'),
  status: z
    .looseObject({
      token: z.string().optional(),
      clientCertificateData: z.string().optional(),
      clientKeyData: z.string().optional(),
      expirationTimestamp: z.string().optional(),
    })
    .nullish(),
});
export type ExecCredential = z.infer<typeof ExecCredentialSchema>;
