"""What the random suppliers are called, where they are, and what they sell: data tables only.

Products are rows 'name | sizes | low-high price | rate kind | unit'. A product with sizes
gives one catalogue item per size; the rate kind is "reduced" (food, where a reduced rate
applies) or "standard". Prices are in yen for Japanese suppliers and in euros or dollars
(divided by 100 from the range) for the others.
"""
from __future__ import annotations

JA_STEMS = ["北斗", "東邦", "三栄", "大和", "丸喜", "山城", "若葉", "朝日", "千代田", "白樺", "富士見", "菱和",
            "瑞穂", "信濃", "有明", "協和", "明星", "桜井", "つばさ", "ひまわり", "こだま", "錦", "湘南", "相模"]
JA_TRADES = {"food": ["食品", "青果", "水産", "食材", "フーズ"], "packaging": ["包装", "包材", "紙器", "パック"],
             "cleaning": ["衛生", "クリーン", "環境サービス"], "industrial": ["工業", "精機", "機工", "製作所"],
             "office": ["事務機", "文具", "オフィス"]}
JA_FORMS = ["株式会社{}", "{}株式会社", "有限会社{}", "合同会社{}", "株式会社{}"]

EN_STEMS = ["Bayside", "Northgate", "Silverpine", "Meridian", "Larchmont", "Tidewater", "Fairhaven", "Bluestone",
            "Cedarline", "Ashford", "Redwood", "Summit", "Pinecrest", "Riverton", "Highmoor", "Eastwind",
            "Lakeshore", "Granite Bay", "Old Harbour", "Westbrook"]
EN_TRADES = {"food": ["Foods", "Provisions", "Fresh Produce", "Food Service"],
             "packaging": ["Packaging", "Containers", "Pack Supply"], "cleaning": ["Hygiene", "Sanitation"],
             "industrial": ["Industrial", "Engineering", "Machine Parts"],
             "office": ["Office Supply", "Business Supplies"]}
EN_FORMS_JP = ["{} K.K.", "{} Co., Ltd.", "{} Inc.", "{} Ltd.", "{} Corporation"]
EN_FORMS_US = ["{} Inc.", "{} LLC", "{} Corp."]

EU_NAMES = {
    "de": (["Müller", "Schneider", "Becker", "Hoffmann", "Wagner", "Krüger", "Brandt", "Vogel", "Keller"],
           {"food": ["Feinkost", "Lebensmittel"], "equipment": ["Maschinenbau", "Laborbedarf", "Hygienetechnik"]},
           ["{name} {trade} GmbH", "{name} & Söhne {trade} KG", "{trade} {name} AG"]),
    "fr": (["Durand", "Lefèvre", "Moreau", "Girard", "Fournier", "Bonnet", "Chevalier", "Rousseau"],
           {"food": ["Fromagerie", "Conserverie", "Épicerie fine"], "equipment": ["Équipements", "Emballages"]},
           ["{trade} {name} SARL", "{trade} {name} SAS", "Établissements {name}"]),
    "nl": (["de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Mulder", "de Boer", "van Leeuwen"],
           {"food": ["Voedingsmiddelen", "Kaashandel"], "equipment": ["Techniek", "Verpakkingen"]},
           ["{name} {trade} B.V.", "{trade} {name} B.V."]),
    "es": (["García", "Fernández", "López", "Martín", "Sánchez", "Romero", "Navarro", "Torres"],
           {"food": ["Conservas", "Aceites", "Alimentación"], "equipment": ["Suministros", "Equipamientos"]},
           ["{trade} {name} S.L.", "{trade} {name} S.A."]),
}

LEGAL_FORMS = ["株式会社", "有限会社", "合同会社", "K.K.", "Co., Ltd.", "Inc.", "Ltd.", "Corporation", "LLC", "Corp.",
               "GmbH", "& Söhne", "KG", "AG", "SARL", "SAS", "Établissements", "B.V.", "S.L.", "S.A."]

JA_PLACES = ["〒980-0811 宮城県仙台市青葉区一番町{a}-{b}-{c}", "〒330-0854 埼玉県さいたま市大宮区桜木町{a}-{b}",
             "〒460-0008 愛知県名古屋市中区栄{a}-{b}-{c}", "〒812-0011 福岡県福岡市博多区博多駅前{a}-{b}-{c}",
             "〒060-0001 北海道札幌市中央区北一条西{a}-{b}", "〒730-0031 広島県広島市中区紙屋町{a}-{b}-{c}",
             "〒420-0857 静岡県静岡市葵区御幸町{a}-{b}", "〒920-0853 石川県金沢市本町{a}-{b}-{c}"]
EN_PLACES_JP = ["{a}-{b}-{c} Ichibancho, Aoba-ku / Sendai 980-0811, Japan",
                "{a}-{b} Sakuragicho, Omiya-ku / Saitama 330-0854, Japan",
                "{a}-{b}-{c} Sakae, Naka-ku / Nagoya 460-0008, Japan",
                "{a}-{b}-{c} Hakata-ekimae, Hakata-ku / Fukuoka 812-0011, Japan"]
US_PLACES = ["{a}{b}0 Commerce Way / Portland, OR 97209, USA",
             "{a}{c} Industrial Pkwy, Suite {b}00 / Austin, TX 78744, USA",
             "{a}{b} Harbor Drive / San Diego, CA 92101, USA"]
EU_PLACES = {"de": ["Industriestraße {a}{b} / 70565 Stuttgart, Deutschland",
                    "Hafenweg {a} / 20457 Hamburg, Deutschland"],
             "fr": ["{a}{b} rue de la République / 69002 Lyon, France",
                    "{a} avenue Jean Jaurès / 31000 Toulouse, France"],
             "nl": ["Havenstraat {a}{b} / 3011 AB Rotterdam, Nederland", "Kanaalweg {a} / 3526 KL Utrecht, Nederland"],
             "es": ["Calle Mayor {a}{b} / 28013 Madrid, España",
                    "Avinguda Diagonal {a}{c} / 08019 Barcelona, España"]}

JA_BANKS = ["みちのく中央銀行", "北辰銀行", "東海信用金庫", "西日本ひかり銀行", "さくら台信用組合"]
EN_BANKS = ["Harbour Trust Bank", "Pacific Commerce Bank", "First Meridian Bank"]
EU_BANKS = {"de": ("DE", "Sparkasse Rhein"), "fr": ("FR", "Banque du Midi"), "nl": ("NL", "Noordbank"),
            "es": ("ES", "Banco del Sur")}
VAT_PREFIX = {"de": "DE", "fr": "FR", "nl": "NL", "es": "ES"}
LOCAL_RATES = {"de": ("19", "7"), "fr": ("20", "5.5"), "nl": ("21", "9"), "es": ("21", "10")}
CONTACTS = {"ja": ["佐藤", "鈴木", "高橋", "田中", "伊藤"], "en": ["J. Carter", "M. Ito", "S. Patel", "A. Wong"],
            "de": ["Herr Lorenz", "Frau Weber"], "fr": ["M. Petit", "Mme Roux"], "nl": ["J. Jansen"],
            "es": ["Sr. Ruiz", "Sra. Molina"]}

JA_GOODS = {
    "food": """玉ねぎ | 5kg,10kg,20kg | 1200-4800 | reduced | 箱
               国産小麦粉 | 10kg,25kg | 3200-7600 | reduced | 袋
               上白糖 | 1kg,20kg | 300-5800 | reduced | 袋
               米油 | 1.5kg,16.5kg | 900-7900 | reduced | 缶
               冷凍ブロッコリー | 500g,1kg | 380-720 | reduced | 袋
               鶏もも肉 | 2kg,10kg | 1800-8800 | reduced | ケース
               本醸造しょうゆ | 1L,18L | 300-4800 | reduced | 本
               粉末だし | 500g,1kg | 1100-2100 | reduced | 袋
               緑茶ティーバッグ | 50袋,100袋 | 640-1200 | reduced | 箱
               保冷剤 | 50個 | 2400-2900 | standard | 箱
               食品用アルコール | 5L | 4200-5200 | standard | 缶
               紙ナプキン | 5000枚 | 2600-3100 | standard | 箱""",
    "packaging": """テイクアウト容器 | 小,中,大 | 980-1980 | standard | 袋
                    紙カップ | 8oz,12oz | 880-1480 | standard | 箱
                    ラップフィルム | 30cm,45cm | 640-1320 | standard | 本
                    ポリ袋 | 45L,70L | 480-980 | standard | 箱
                    ダンボール箱 | 60サイズ,80サイズ,100サイズ | 1200-3600 | standard | 束
                    緩衝材ロール | 600mm幅 | 2800-3400 | standard | 本
                    OPPテープ | 48mm | 1900-2400 | standard | 箱""",
    "cleaning": """業務用洗剤 | 4L,18L | 1800-9600 | standard | 本
                   ハンドソープ詰替 | 2L | 1200-1600 | standard | 本
                   ペーパータオル | 40束 | 3800-4600 | standard | ケース
                   ポリ手袋 | S,M,L | 480-620 | standard | 箱
                   床用ワックス | 18L | 12800-15800 | standard | 缶
                   モップ替糸 | 1本 | 1450-1900 | standard | 本
                   定期清掃作業費 | 月額 | 35000-68000 | standard | 式""",
    "industrial": """ステンレス六角ボルト | M6×20,M8×30,M10×40 | 1800-4200 | standard | 箱
                     ベアリング | 6204ZZ,6205ZZ | 680-980 | standard | 個
                     コンベアベルト | 300mm幅,450mm幅 | 38000-62000 | standard | 本
                     食品機械用グリース | 400g | 2600-3200 | standard | 本
                     Oリングセット | NBR,FKM | 4800-8800 | standard | 組
                     エアフィルター | 小型,大型 | 5200-9800 | standard | 個
                     点検作業費 | 1時間 | 7800-9800 | standard | 時間
                     出張費 | 1回 | 12000-18000 | standard | 式""",
    "office": """コピー用紙 | A4,A3 | 2380-4980 | standard | 箱
                 ボールペン 黒 | 10本入 | 780-980 | standard | 箱
                 トナーカートリッジ | 黒,カラー | 8800-16800 | standard | 本
                 クリアファイル | 100枚 | 1480-1800 | standard | 袋
                 ホッチキス針 | No.10 | 280-420 | standard | 箱
                 事務用椅子 | 肘なし,肘付き | 18000-32000 | standard | 脚""",
}

EN_GOODS = {
    "food": """Yellow onions | 10 kg,20 kg | 2400-4800 | reduced | case
               Wheat flour | 25 kg | 6400-7600 | reduced | bag
               Canola oil | 16.5 kg | 6800-7900 | reduced | can
               Frozen broccoli florets | 1 kg | 560-720 | reduced | bag
               Chicken thigh | 2 kg,10 kg | 1800-8800 | reduced | case
               Soy sauce | 1 L,18 L | 300-4800 | reduced | btl
               Green tea bags | 100 pcs | 980-1200 | reduced | box
               Ice packs | 50 pcs | 2400-2900 | standard | box
               Food-grade alcohol | 5 L | 4200-5200 | standard | can""",
    "packaging": """Take-out container | small,medium,large | 980-1980 | standard | pack
                    Paper cup | 8 oz,12 oz | 880-1480 | standard | box
                    Cling film | 30 cm,45 cm | 640-1320 | standard | roll
                    Carton box | 60 size,80 size,100 size | 1200-3600 | standard | bundle
                    Packing tape 48 mm | 50 rolls | 1900-2400 | standard | case
                    Bubble wrap | 600 mm | 2800-3400 | standard | roll""",
    "cleaning": """Degreaser concentrate | 4 L,18 L | 1800-9600 | standard | can
                   Hand soap refill | 2 L | 1200-1600 | standard | btl
                   Paper towels | case of 40 | 3800-4600 | standard | case
                   Nitrile gloves | S,M,L | 980-1280 | standard | box
                   Floor wax | 18 L | 12800-15800 | standard | can
                   Monthly cleaning service | month | 35000-68000 | standard | svc""",
    "industrial": """Hex bolt, stainless | M6x20,M8x30,M10x40 | 1800-4200 | standard | box
                     Ball bearing | 6204ZZ,6205ZZ | 680-980 | standard | pc
                     Conveyor belt | 300 mm,450 mm | 38000-62000 | standard | pc
                     Food-grade grease | 400 g | 2600-3200 | standard | tube
                     O-ring kit | NBR,FKM | 4800-8800 | standard | kit
                     Inspection labour | 1 hour | 7800-9800 | standard | hr
                     Call-out fee | visit | 12000-18000 | standard | ea""",
    "office": """Copy paper | A4,A3 | 2380-4980 | standard | box
                 Ballpoint pen, black | box of 10 | 780-980 | standard | box
                 Toner cartridge | black,colour | 8800-16800 | standard | pc
                 Clear file folders | pack of 100 | 1480-1800 | standard | pack
                 Office chair | armless,with arms | 18000-32000 | standard | pc""",
}

EU_GOODS = {
    "de": {"food": """Olivenöl extra vergine | 1 L,5 L | 900-4200 | reduced | Fl.
                      Bergkäse gereift | 1 kg,5 kg | 1800-8400 | reduced | Stk.
                      Senf mittelscharf | 1 kg | 450-650 | reduced | Eimer
                      Bio-Haferflocken | 5 kg,25 kg | 900-3900 | reduced | Sack
                      Probenbeutel | 1000 Stk. | 3500-4900 | standard | Pkt.""",
           "equipment": """Edelstahl-Arbeitstisch | 1200 mm,1800 mm | 42000-68000 | standard | Stk.
                           Ersatzmesser | Typ A,Typ B | 3800-6400 | standard | Stk.
                           Dichtungssatz | DN25,DN50 | 1900-3600 | standard | Satz
                           Wartung vor Ort | Std. | 8500-11000 | standard | Std."""},
    "fr": {"food": """Huile d'olive vierge extra | 1 L,5 L | 900-4200 | reduced | bte
                      Comté affiné | 1 kg,5 kg | 2100-9800 | reduced | pce
                      Moutarde de Dijon | 1 kg | 500-700 | reduced | pot
                      Herbes de Provence | 500 g | 1200-1600 | reduced | sac
                      Sachets sous vide | 1000 pcs | 3500-4900 | standard | lot""",
           "equipment": """Table inox | 1200 mm,1800 mm | 42000-68000 | standard | pce
                           Lame de rechange | type A,type B | 3800-6400 | standard | pce
                           Joint d'étanchéité | DN25,DN50 | 1900-3600 | standard | kit
                           Intervention technicien | heure | 8500-11000 | standard | h"""},
    "nl": {"food": """Goudse kaas belegen | 1 kg,5 kg | 1600-7800 | reduced | st
                      Stroopwafels | doos 48 | 1900-2600 | reduced | doos
                      Zonnebloemolie | 10 L | 2400-3100 | reduced | blik
                      Vacuümzakken | 1000 st | 3500-4900 | standard | pak""",
           "equipment": """RVS werktafel | 1200 mm,1800 mm | 42000-68000 | standard | st
                           Reservemes | type A,type B | 3800-6400 | standard | st
                           Afdichtingsset | DN25,DN50 | 1900-3600 | standard | set
                           Onderhoud op locatie | uur | 8500-11000 | standard | uur"""},
    "es": {"food": """Aceite de oliva virgen extra | 1 L,5 L | 900-4200 | reduced | bot.
                      Queso manchego curado | 1 kg,3 kg | 2200-6400 | reduced | ud.
                      Pimentón de la Vera | 500 g | 800-1200 | reduced | bote
                      Atún en aceite | lata 1 kg | 1400-1900 | reduced | lata
                      Bolsas de vacío | 1000 uds. | 3500-4900 | standard | caja""",
           "equipment": """Mesa de acero inoxidable | 1200 mm,1800 mm | 42000-68000 | standard | ud.
                           Cuchilla de recambio | tipo A,tipo B | 3800-6400 | standard | ud.
                           Juego de juntas | DN25,DN50 | 1900-3600 | standard | jgo.
                           Mantenimiento in situ | hora | 8500-11000 | standard | h"""},
}
US_GOODS = """Cut-resistant gloves | pair | 1290-1690 | standard | pr
              Safety goggles | anti-fog,clear | 890-1190 | standard | ea
              Hearing protection earmuffs | standard | 2190-2590 | standard | ea
              First aid kit | 25 person,50 person | 4800-8800 | standard | kit
              Hi-vis vest | M,L,XL | 690-790 | standard | ea
              Eye wash refill | 32 oz | 2800-3400 | standard | btl"""


def rows(table: str) -> list[tuple[str, list[str], tuple[int, int], str, str]]:
    """Product rows as (name, sizes, (low, high), rate kind, unit)."""
    out = []
    for line in table.strip().splitlines():
        name, sizes, prices, kind, unit = (cell.strip() for cell in line.split("|"))
        low, high = (int(p) for p in prices.split("-"))
        out.append((name, [s.strip() for s in sizes.split(",")], (low, high), kind, unit))
    return out
