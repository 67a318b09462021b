// Test support for the register: HTTP calls on the real app and persons made through the API
// (POST /births), never rows faked behind the write path.
import type { TestApp } from '../testing/app.ts';

/** Generation-2 communes used by the tests (dvhcvn codes). */
export const BA_DINH = '2:00004'; // Phường Ba Đình, Hà Nội (2:01); predecessors in old Hà Nội (001)
export const HONG_HA = '2:00097'; // Phường Hồng Hà, Hà Nội (2:01)
export const THU_DAU_MOT = '2:25747'; // Phường Thủ Dầu Một, TP Hồ Chí Minh (2:79); predecessors in old Bình Dương (074)
export const HA_GIANG_1 = '2:00694'; // Phường Hà Giang 1, Tuyên Quang (2:08); predecessors in old Hà Giang (002)

export interface Res { status: number; body: any; headers: Record<string, unknown> }

export function client(t: TestApp) {
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, authorization: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Res> => {
    const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
  };
  return {
    get: (url: string, auth: string, headers?: Record<string, string>) => call('GET', url, auth, undefined, headers),
    post: (url: string, auth: string, body: unknown, headers?: Record<string, string>) => call('POST', url, auth, body, headers),
    patch: (url: string, auth: string, body: unknown, headers?: Record<string, string>) => call('PATCH', url, auth, body, headers),
  };
}

let n = 0;

/** An adult registered late (as the register's first generation is), living in `unitId`. */
export async function adult(t: TestApp, auth: string, p: { fullName: string; sex: 'male' | 'female'; birthDate: string; unitId?: string; ethnicity?: string }) {
  const c = client(t);
  const res = await c.post('/births', auth, {
    fullName: p.fullName, sex: p.sex, birthDate: p.birthDate, placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
    birthRegistrationUnitId: p.unitId ?? BA_DINH, ethnicity: p.ethnicity ?? 'Kinh',
    permanentResidence: { unitId: p.unitId ?? BA_DINH, address: `Số ${++n} phố Đội Cấn` },
    legalBasis: 'Đăng ký khai sinh quá hạn, trích lục số ' + n,
  });
  if (res.status !== 201) throw new Error(`adult(${p.fullName}): ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { idNumber: string; version: number; [k: string]: any };
}

/** ID numbers whose stored person document differs from the one the tables give (should be none). */
export async function staleDocuments(sql: TestApp['db']['sql']): Promise<string[]> {
  const rows = await sql<{ id_number: string }[]>`
    select p.id_number from person p join person_document_view v using (id_number) where p.document is distinct from v.document order by 1`;
  return rows.map((r) => r.id_number);
}

/**
 * Registers a birth through the API and returns the ID number. What a test does not care about
 * gets a default: a man, born at Bạch Mai, registered and (without parents to live with) living in
 * Ba Đình at an address of his own. A key given as undefined is left out of the request.
 */
export async function registered(t: TestApp, auth: string, body: Record<string, unknown>): Promise<string> {
  const withParent = body.fatherIdNumber !== undefined || body.motherIdNumber !== undefined;
  const residence = 'permanentResidence' in body || withParent
    ? {} : { permanentResidence: { unitId: body.birthRegistrationUnitId ?? BA_DINH, address: `Số ${++n} phố Kiểm Thử` } };
  const res = await client(t).post('/births', auth, {
    sex: 'male', placeOfBirth: 'Bệnh viện Bạch Mai', birthRegistrationUnitId: BA_DINH, nativePlace: 'Hà Nội', ethnicity: 'Kinh',
    legalBasis: `Giấy khai sinh số ${++n} (kiểm thử)`, ...residence, ...body,
  });
  if (res.status !== 201) throw new Error(`registered(${String(body.fullName)}): ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { idNumber: string }).idNumber;
}
