from baocao.units.naming import fold


def test_fold_drops_accents_and_the_d_stroke() -> None:
    assert fold("Thành phố Hà Nội") == "thanh pho ha noi"
    assert fold("Tỉnh Đắk Lắk") == "tinh dak lak"
    assert fold("  Phường   Điện Biên ") == "phuong dien bien"


def test_fold_treats_composed_and_decomposed_text_alike() -> None:
    import unicodedata

    name = "Tỉnh Khánh Hòa"
    assert fold(unicodedata.normalize("NFD", name)) == fold(name) == "tinh khanh hoa"
