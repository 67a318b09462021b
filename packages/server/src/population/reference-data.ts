// Reference distributions of the synthetic population. These are public aggregate statistics,
// used only to make generated people look like Vietnam's; nothing here describes a real person.
// Figures are rounded; sources are cited beside each table.

/**
 * Family names, with their share of the population in percent. Source: the frequencies
 * usually quoted from Lê Trung Hoa, "Họ và tên người Việt Nam" (NXB KHXH 2005), as summarised in
 * the English Wikipedia article "Vietnamese name" §Family names (Nguyễn 38.4, Trần 12.1, Lê 9.5,
 * Phạm 7.0, Hoàng/Huỳnh 5.1, Phan 4.5, Vũ/Võ 3.9, Đặng 2.1, Bùi 2.0, Đỗ 1.4, Hồ 1.3, Ngô 1.3,
 * Dương 1.0, Lý 0.5). The remaining ~10 % are spread over common smaller names with shares of our
 * own choosing. Hoàng/Huỳnh and Vũ/Võ are one name pronounced differently north and south (the
 * southern forms follow a 19th-century naming taboo), so the generator picks the form by region.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38.4], ['Trần', 11.0], ['Lê', 9.5], ['Phạm', 7.0], ['Hoàng|Huỳnh', 5.1], ['Phan', 4.5],
  ['Vũ|Võ', 3.9], ['Đặng', 2.1], ['Bùi', 2.0], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1.0],
  ['Lý', 0.5], ['Đinh', 0.9], ['Đoàn', 0.8], ['Trịnh', 0.7], ['Trương', 0.7], ['Lâm', 0.5], ['Mai', 0.5],
  ['Hà', 0.5], ['Cao', 0.5], ['Lương', 0.4], ['Tô', 0.3], ['Lưu', 0.3], ['Tạ', 0.3], ['Thái', 0.3],
  ['Chu', 0.3], ['Châu', 0.3], ['Quách', 0.2], ['Kiều', 0.2], ['Triệu', 0.2], ['Phùng', 0.2],
  ['Tăng', 0.2], ['Vương', 0.2], ['La', 0.15], ['Khúc', 0.1], ['Âu', 0.1], ['Nông', 0.3], ['Lò', 0.2],
  ['Thạch', 0.2], ['Danh', 0.1], ['Lục', 0.1], ['Hứa', 0.1], ['Từ', 0.1], ['Mạc', 0.1], ['Doãn', 0.1],
];

/**
 * The 54 ethnic groups with their population at the 2019 census. Source: General Statistics
 * Office of Viet Nam, "Completed results of the 2019 Viet Nam Population and Housing Census"
 * (Statistical Publishing House, 2020), population by ethnic group (Kinh 85.3 %). Counts rounded.
 */
export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['Kinh', 82_085_800], ['Tày', 1_845_500], ['Thái', 1_820_900], ['Mường', 1_452_100],
  ['Mông', 1_393_500], ['Khmer', 1_319_700], ['Nùng', 1_083_300], ['Dao', 891_200], ['Hoa', 749_500],
  ['Gia Rai', 513_900], ['Ê Đê', 398_700], ['Ba Na', 286_900], ['Xơ Đăng', 212_300], ['Sán Chay', 201_400],
  ['Cơ Ho', 200_800], ['Sán Dìu', 183_000], ['Chăm', 178_900], ['Hrê', 149_500], ['Ra Glai', 146_600],
  ['Mnông', 127_300], ['X\u2019Tiêng', 100_800], ['Bru Vân Kiều', 94_600], ['Thổ', 91_400],
  ['Khơ Mú', 90_600], ['Cơ Tu', 74_200], ['Giáy', 67_900], ['Giẻ Triêng', 63_300], ['Tà Ôi', 52_400],
  ['Mạ', 50_300], ['Co', 40_400], ['Chơ Ro', 29_500], ['Xinh Mun', 29_500], ['Hà Nhì', 25_500],
  ['Chu Ru', 23_200], ['Lào', 17_500], ['Kháng', 16_200], ['La Chí', 15_100], ['Phù Lá', 12_500],
  ['La Hủ', 12_100], ['La Ha', 10_200], ['Pà Thẻn', 8_200], ['Chứt', 7_500], ['Lự', 6_800],
  ['Lô Lô', 4_800], ['Mảng', 4_700], ['Cờ Lao', 4_000], ['Bố Y', 3_200], ['Cống', 2_700],
  ['Ngái', 1_600], ['Si La', 900], ['Pu Péo', 900], ['Rơ Măm', 600], ['Brâu', 500], ['Ơ Đu', 400],
];

/**
 * Religion as recorded in the register ('Không' = none). Source: GSO, 2019 census completed
 * results, population by religion (about 86 % with no religion; Catholic 6.1 %, Buddhist 4.8 %,
 * Protestant 1.0 %, Hòa Hảo 1.0 %, Cao Đài 0.6 %). Rounded.
 */
export const RELIGIONS: readonly (readonly [string, number])[] = [
  ['Không', 86.3], ['Công giáo', 6.1], ['Phật giáo', 4.8], ['Tin lành', 1.0], ['Phật giáo Hòa Hảo', 1.0],
  ['Cao Đài', 0.6], ['Hồi giáo', 0.1], ['Bửu Sơn Kỳ Hương', 0.05], ['Tịnh độ cư sĩ Phật hội Việt Nam', 0.05],
];

/**
 * Population of the 63 provinces (generation 1, 2-digit statistics code) at the 2019 census, in
 * thousands. Source: GSO, 2019 census completed results, population by province. Communes are
 * drawn in proportion to their province's population.
 */
export const PROVINCE_POPULATION_2019: Readonly<Record<string, number>> = {
  '01': 8054, '02': 855, '04': 531, '06': 314, '08': 785, '10': 731, '11': 599, '12': 461, '14': 1249,
  '15': 822, '17': 855, '19': 1287, '20': 782, '22': 1321, '24': 1804, '25': 1464, '26': 1152,
  '27': 1369, '30': 1893, '31': 2029, '33': 1253, '34': 1861, '35': 853, '36': 1781, '37': 983,
  '38': 3641, '40': 3327, '42': 1289, '44': 896, '45': 633, '46': 1129, '48': 1135, '49': 1496,
  '51': 1232, '52': 1487, '54': 873, '56': 1232, '58': 591, '60': 1231, '62': 541, '64': 1514,
  '66': 1870, '67': 623, '68': 1297, '70': 995, '72': 1170, '74': 2456, '75': 3097, '77': 1149,
  '79': 8993, '80': 1689, '82': 1765, '83': 1289, '84': 1010, '86': 1023, '87': 1600, '89': 1908,
  '91': 1724, '92': 1236, '93': 734, '94': 1200, '95': 908, '96': 1194,
};

/** Statistics codes from which the southern forms Huỳnh / Võ prevail (Quảng Nam southwards). */
export const SOUTHERN_FROM_CODE = 49;

/**
 * ABO blood groups, percent. Source: published Vietnamese blood-donor series put O ≈ 42 %,
 * B ≈ 31 %, A ≈ 21 %, AB ≈ 6 %, Rh-negative well under 1 %. Many records have no blood type.
 */
export const BLOOD_TYPES: readonly (readonly [string, number])[] = [
  ['O+', 41.6], ['B+', 30.8], ['A+', 21.1], ['AB+', 5.9], ['O-', 0.3], ['B-', 0.1], ['A-', 0.1], ['AB-', 0.05],
];
export const BLOOD_TYPE_RECORDED_SHARE = 0.4;

/**
 * Age of the household head (years), weights per 5-year band from 18. Tuned so that the whole
 * generated population (heads, spouses, children, grandchildren, parents of heads) has roughly
 * Vietnam's 2019 age structure: 0–14 ≈ 24 %, 15–64 ≈ 68 %, 65+ ≈ 8 % (GSO, 2019 census), median
 * age ≈ 32.
 */
export const HEAD_AGE_BANDS: readonly (readonly [number, number])[] = [
  [18, 1.5], [23, 6], [28, 10], [33, 12], [38, 12], [43, 11.5], [48, 11], [53, 10], [58, 8.5], [63, 7], [68, 5],
  [73, 3], [78, 2], [83, 1], [88, 0.4], [93, 0.1],
];

/** Mobile prefixes of Vietnamese operators (10-digit numbers since 2018). */
export const MOBILE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098', '099'];

/** Residence detail lines: the part of the address below the commune. */
export const STREET_NAMES = ['Trần Hưng Đạo', 'Lê Lợi', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Quang Trung', 'Lý Thường Kiệt', 'Hùng Vương', 'Điện Biên Phủ', 'Nguyễn Huệ', 'Phan Đình Phùng', 'Lê Duẩn', 'Võ Thị Sáu', 'Nguyễn Du', 'Bà Triệu', 'Ngô Quyền', 'Lê Thánh Tông', 'Trần Phú', 'Hoàng Hoa Thám', 'Chu Văn An', 'Phạm Ngũ Lão'];
