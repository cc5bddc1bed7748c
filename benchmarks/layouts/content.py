"""What the generated appendices say: Vietnamese agencies, places, indicators and printed numbers.

Labels are clean Vietnamese versions of the appendices of report 238/BC-UBND (UBND tỉnh Vĩnh Phúc,
2020; ../shared/seeds/004, which holds them as English-model OCR), of seeds 001-003 (digital
transformation in Vĩnh Phúc and Quảng Bình) and of the usual rows of provincial appendices (Nghị
định 30/2020/NĐ-CP layout of the "Phụ lục" heading and its "(Kèm theo …)" line).

Numbers are printed the Vietnamese way: "." groups thousands ("1.187.000"), "," is the decimal mark
("80,28"); rates are rounded half up as printed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PROVINCES = ("Vĩnh Phúc", "Quảng Bình", "Thái Nguyên", "Nghệ An")

# Province -> (districts with their kind, communes with their kind). Real names.
PLACES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Vĩnh Phúc": (
        ("Thành phố Vĩnh Yên", "Thành phố Phúc Yên", "Huyện Lập Thạch", "Huyện Tam Dương", "Huyện Tam Đảo",
         "Huyện Bình Xuyên", "Huyện Yên Lạc", "Huyện Vĩnh Tường", "Huyện Sông Lô"),
        ("Xã Hợp Thịnh", "Xã Đạo Tú", "Xã Kim Long", "Xã Hướng Đạo", "Xã Đại Đình", "Xã Hồ Sơn", "Xã Minh Quang",
         "Xã Bá Hiến", "Xã Thiện Kế", "Thị trấn Hương Canh", "Xã Quang Hà", "Xã Tề Lỗ", "Xã Nguyệt Đức",
         "Xã Liên Châu", "Xã Đại Tự", "Xã Tứ Trưng", "Xã Lũng Hòa", "Xã Bồ Sao", "Xã Tử Du", "Xã Bàn Giản",
         "Xã Xuân Lôi", "Xã Đình Chu", "Xã Cao Phong", "Xã Lãng Công", "Xã Đồng Thịnh", "Xã Nhạo Sơn"),
    ),
    "Quảng Bình": (
        ("Thành phố Đồng Hới", "Thị xã Ba Đồn", "Huyện Bố Trạch", "Huyện Quảng Ninh", "Huyện Lệ Thủy",
         "Huyện Quảng Trạch", "Huyện Tuyên Hóa", "Huyện Minh Hóa"),
        ("Xã Bảo Ninh", "Xã Quang Phú", "Xã Hải Ninh", "Xã Sơn Trạch", "Xã Phúc Trạch", "Xã Hưng Trạch",
         "Xã Dân Hóa", "Xã Trọng Hóa", "Xã Thanh Thủy", "Xã Sen Thủy", "Xã Quảng Tùng", "Xã Quảng Phú",
         "Thị trấn Nông trường Việt Trung", "Xã Vạn Trạch"),
    ),
    "Thái Nguyên": (
        ("Thành phố Thái Nguyên", "Thành phố Sông Công", "Thành phố Phổ Yên", "Huyện Đại Từ", "Huyện Định Hóa",
         "Huyện Phú Lương", "Huyện Đồng Hỷ", "Huyện Võ Nhai", "Huyện Phú Bình"),
        ("Xã Tân Cương", "Xã Phúc Xuân", "Xã Hùng Sơn", "Xã La Bằng", "Xã Phú Đình", "Xã Điềm Mặc",
         "Xã Yên Lạc", "Xã Động Đạt", "Xã Hóa Thượng", "Xã La Hiên", "Xã Tràng Xá", "Xã Kha Sơn"),
    ),
    "Nghệ An": (
        ("Thành phố Vinh", "Thị xã Cửa Lò", "Thị xã Thái Hòa", "Huyện Diễn Châu", "Huyện Quỳnh Lưu",
         "Huyện Nghi Lộc", "Huyện Đô Lương", "Huyện Thanh Chương", "Huyện Nam Đàn", "Huyện Con Cuông"),
        ("Xã Nghi Phú", "Xã Hưng Lộc", "Xã Diễn Kim", "Xã Quỳnh Thạch", "Xã Nghi Thạch", "Xã Đà Sơn",
         "Xã Thanh Ngọc", "Xã Kim Liên", "Xã Môn Sơn", "Xã Nam Anh", "Xã Hưng Đông", "Xã Diễn Hải"),
    ),
}

AGENCIES = ("Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính",
            "Sở Công Thương", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng",
            "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội",
            "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
            "Thanh tra tỉnh", "Ban Dân tộc tỉnh", "Ban Quản lý các khu công nghiệp", "Đài Phát thanh và Truyền hình tỉnh")

# Clean Vietnamese of Phụ lục 2 of 238/BC-UBND (label, unit) and of the other indicators it reports.
INFRA_INDICATORS = (
    ("Số thuê bao điện thoại cố định", "Thuê bao"),
    ("Số thuê bao điện thoại di động", "Thuê bao"),
    ("Số thuê bao băng rộng di động phát sinh lưu lượng (thoại và dữ liệu hoặc dữ liệu)", "Thuê bao"),
    ("Số thuê bao băng rộng cố định", "Thuê bao"),
    ("Số người sử dụng Internet", "Người"),
    ("Số hộ gia đình có kết nối Internet băng rộng", "Hộ"),
    ("Số doanh nghiệp có kết nối Internet băng rộng", "Doanh nghiệp"),
    ("Tổng số máy tính đang hoạt động trên địa bàn tỉnh", "Máy tính"),
    ("Số điểm phát sóng di động (BTS)", "Trạm"),
    ("Số điểm bưu điện văn hóa xã", "Điểm"),
)
# Phụ lục 3: the "văn bản điện tử" rows, under "Nội bộ" and "Với cơ quan, tổ chức, cá nhân bên ngoài".
EDOC_INTERNAL = ("Giấy mời họp", "Tài liệu phục vụ cuộc họp", "Văn bản để biết, để báo cáo",
                 "Thông báo chung của cơ quan", "Các tài liệu cần trao đổi trong quá trình xử lý công việc")
EDOC_EXTERNAL = ("Văn bản hành chính", "Hồ sơ công việc", "Gửi bản điện tử kèm theo văn bản giấy cho UBND các cấp")
# Phụ lục 4/5 indicators: compared across two years.
GROWTH_INDICATORS = (
    "Số trường đại học, cao đẳng có khoa công nghệ thông tin trên địa bàn tỉnh",
    "Số sinh viên được đào tạo chuyên ngành công nghệ thông tin trên địa bàn tỉnh",
    "Số cán bộ chuyên trách công nghệ thông tin",
    "Số doanh nghiệp điện tử, công nghệ thông tin",
    "Tổng số lao động làm việc trong lĩnh vực điện tử, công nghiệp công nghệ thông tin",
    "Số cơ quan nhà nước có mạng nội bộ (LAN)",
    "Số hồ sơ thủ tục hành chính được tiếp nhận trực tuyến",
    "Số văn bản đi được gửi hoàn toàn qua mạng",
)
# Sections of a plan-vs-result appendix (the "I, II" group rows).
SECTIONS = (
    ("Khối sở, ban, ngành", AGENCIES),
    ("Khối UBND huyện, thành phố", None),  # filled with the province's districts
)
CAPTIONS = (
    "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "KẾT QUẢ TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ TRỰC TUYẾN MỨC ĐỘ 3, 4",
    "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH ỨNG DỤNG CÔNG NGHỆ THÔNG TIN",
    "KẾT QUẢ TRIỂN KHAI HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH",
    "TỔNG HỢP KINH PHÍ THỰC HIỆN CHUYỂN ĐỔI SỐ",
    "SỐ LIỆU CÁN BỘ, CÔNG CHỨC ĐƯỢC CẤP CHỨNG THƯ SỐ",
    "KẾT QUẢ THỰC HIỆN CHỈ TIÊU CHUYỂN ĐỔI SỐ CẤP HUYỆN, CẤP XÃ",
    "TỔNG HỢP SỐ LIỆU HỘI NGHỊ TRUYỀN HÌNH TRỰC TUYẾN",
)
DOC_NUMBERS = ("238/BC-UBND", "115/BC-UBND", "74/BC-UBND", "312/BC-UBND", "56/BC-STTTT", "189/BC-UBND")


def annex_note(rng, province: str) -> str:
    """The italic "(Kèm theo …)" line under an appendix heading, as Nghị định 30/2020/NĐ-CP lays it out."""
    number = rng.choice(DOC_NUMBERS)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice((2019, 2020, 2021, 2023))
    return f"(Kèm theo Báo cáo số {number} ngày {day}/{month}/{year} của UBND tỉnh {province})"


def group_thousands(value: int) -> str:
    """1187000 -> "1.187.000"; negative values keep their sign."""
    sign = "-" if value < 0 else ""
    digits = str(abs(value))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(reversed(groups))


def printed_int(value: int, *, group_small: bool = True) -> str:
    """An integer as printed; numbers under 10.000 are sometimes printed without the dot ("1799")."""
    if not group_small and abs(value) < 10000:
        return str(value)
    return group_thousands(value)


def printed_decimal(value: Decimal, places: int) -> str:
    """Decimal rounded half up to ``places`` and printed with a decimal comma ("80,28")."""
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    text = group_thousands(int(whole)) if whole not in ("-0",) else "0"
    return f"{text},{frac}" if places else text


def rate(part: int, whole: int, places: int) -> str:
    """part / whole as a percentage, as printed ("80,28"); "x" when the whole is 0 (no meaning)."""
    if whole == 0:
        return "x"
    return printed_decimal(Decimal(part) * 100 / Decimal(whole), places)


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = ("a)", "b)", "c)", "d)", "đ)", "e)")
