import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

export type Pki = {
  dir: string;
  caCrt: string;
  caKey: string;
  apiserverCrt: string;
  apiserverKey: string;
  adminCrt: string;
  adminKey: string;
  istiodCrt: string;
  istiodKey: string;
  saKey: string;
  saPub: string;
};

/**
 * A throwaway PKI for one test control plane, minted with openssl: a CA, the API server's
 * serving cert (127.0.0.1), an admin client cert (O=system:masters), istiod's webhook serving
 * cert (IP SAN 127.0.0.1, so the API server can call the injector on loopback) and the
 * service-account signing key.
 */
export async function mintPki(dir: string): Promise<Pki> {
  await mkdir(dir, { recursive: true });
  const p = (name: string) => join(dir, name);
  const ossl = (...args: string[]) => execa('openssl', args, { cwd: dir });
  await ossl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=meshdoc-test-ca',
  );
  const sign = async (name: string, subject: string, san: string, eku: string) => {
    await ossl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    await writeFile(
      p(`${name}.ext`),
      `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=${eku}\n${san}\n`,
    );
    await ossl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  await sign(
    'apiserver',
    '/CN=kube-apiserver',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.0.0.1',
    'serverAuth',
  );
  await sign('admin', '/O=system:masters/CN=meshdoc-admin', '', 'clientAuth');
  await sign(
    'istiod',
    '/CN=istiod',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:istiod.istio-system.svc',
    'serverAuth',
  );
  await ossl('genrsa', '-out', 'sa.key', '2048');
  await ossl('rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
  return {
    dir,
    caCrt: p('ca.crt'),
    caKey: p('ca.key'),
    apiserverCrt: p('apiserver.crt'),
    apiserverKey: p('apiserver.key'),
    adminCrt: p('admin.crt'),
    adminKey: p('admin.key'),
    istiodCrt: p('istiod.crt'),
    istiodKey: p('istiod.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
  };
}
