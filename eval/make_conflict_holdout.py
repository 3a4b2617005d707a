"""Write eval/conflict-holdout.xml, a held-out conflict-style set, from the articles below (offsets computed here).

Written on 2026-12-03 after the parser had been tuned on eval/conflict-dev.xml, and scored once, never tuned on:
it measures what the dev set cannot. Every sentence was written by the holdout helper in the style of conflict
reporting (event notes, strike records, wire datelines); none quotes a real article. Places were chosen to differ
from those of conflict-dev.xml wherever possible (a few big containers and some requested spelling variants recur).
Gold coordinates come from the writer's general geographic knowledge, not from the project's gazetteer, to about
0.05 degree for towns and villages (villages whose position was not known to within ~20 km were left out); points for
provinces, regions and countries are rough centroids (GeoNames-style), so they are only as good as the 161 km radius.

Article id prefixes (categories): ``hv`` villages/towns with a container (Pakistan KP/FATA/Balochistan,
Afghanistan); ``ua`` Ukrainian front-line notes; ``me`` Syria, Iraq, Yemen, Gaza/West Bank, Lebanon; ``af`` Sudan,
Somalia, Sahel, eastern DRC, Ethiopia; ``sp`` spelling variants, transliterations, abbreviations, capitalised
datelines, and capitalised non-place words (people, organisations, teams, newspapers) that must not be places.

Annotation: every toponym a careful annotator would mark (countries, provinces, districts, cities, villages, camps,
regions, valleys) and, as TR-News and GeoWebNews do (README "Accuracy"), demonyms used as modifiers ("Russian
artillery", "US strikes"), placed at their country. Not marked: place words inside the names of people,
organisations, teams and newspapers ("Mardan Ali", "Kabul Bank", "Lahore Qalandars", "Pakistan Today") and groups
("Druze", "Yazidis", "Houthi"). The ten demonym modifiers were added after the one scoring, which had left them out
(345 gold then); no other gold was changed after scoring.

Markup: ``[[surface|lat,lon|fcode|CC|name]]``; fcode (default PPL), CC (default: the article's) and name (default:
the surface) may be left out. Run ``.venv/bin/python eval/make_conflict_holdout.py`` to rewrite the XML.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from markup import write  # noqa: E402  (this folder's shared writer, beside the script)

OUT = Path(__file__).resolve().parent / "conflict-holdout.xml"

# (docid, country, text with markup); the id prefix is the category (see the module docstring)
HV = [
    ("hv01", "PK", "A drone struck a house in [[Ghulam Khan|33.13,69.95]], [[North Waziristan|32.95,70.05|ADM2]], "
     "near the border with [[Afghanistan|33.00,66.00|PCLI|AF]], officials said. Two people were killed."),
    ("hv02", "PK", "Militants torched a girls' school in [[Kaniguram|32.52,69.78]], [[South "
     "Waziristan|32.30,69.70|ADM2]], overnight. Police said a second school was damaged near [[Jandola|32.33,70.13]]."),
    ("hv03", "PK", "Four soldiers were killed when a roadside bomb hit their vehicle in [[Landi Kotal|34.10,71.14]] "
     "tehsil of [[Khyber|34.05,71.10|ADM2]] district. The road to [[Jamrud|34.00,71.38]] was closed for six hours."),
    ("hv04", "PK", "Gunmen on a motorcycle shot dead a policeman in [[Kulachi|31.93,70.46]], [[Dera Ismail "
     "Khan|31.80,70.70|ADM2]] district, on Tuesday. A similar attack was reported in [[Paharpur|32.10,70.97]] last "
     "month."),
    ("hv05", "PK", "Fighting between two tribes in [[Sadda|33.70,70.33]], [[Kurram|33.80,70.20|ADM2]] district, "
     "killed nine people, a local administrator said. Traders in [[Thall|33.37,70.55|PPL|PK|Thal]], "
     "[[Hangu|33.45,70.85|ADM2]] district, closed their shops."),
    ("hv06", "PK", "A suicide bomber struck a rally in [[Khwazakhela|34.93,72.47]], [[Swat|35.00,72.45|ADM2]] "
     "district, of [[Khyber Pakhtunkhwa|34.50,72.00|ADM1]]. The wounded were taken to [[Saidu Sharif|34.75,72.36]]."),
    ("hv07", "PK", "Levies said insurgents attacked a post in [[Dera Bugti|29.03,69.15]] and blew up a gas pipeline "
     "near [[Sui|28.64,69.20]], [[Balochistan|28.50,65.50|ADM1]]. Another blast was reported in "
     "[[Kohlu|29.90,69.25]]."),
    ("hv08", "PK", "Armed men stopped a bus on the highway near [[Nushki|29.55,66.02]] and killed seven passengers, "
     "officials in [[Quetta|30.19,67.01|PPLA]] said. The route to [[Dalbandin|28.89,64.41]] was suspended."),
    ("hv09", "PK", "Security forces launched an operation in [[Awaran|26.46,65.23|ADM2]] district of "
     "[[Balochistan|28.50,65.50|ADM1]] after an attack on a convoy near [[Panjgur|26.97,64.09]]. A curfew was "
     "imposed in [[Khuzdar|27.80,66.62]]."),
    ("hv10", "AF", "Taliban fighters overran a checkpoint in [[Gereshk|31.82,64.57]], in "
     "[[Helmand|31.40,64.10|ADM1]] province, and attacked the district centre of [[Nawzad|32.40,64.47|PPL|AF|Now "
     "Zad]]. Fighting was also reported near [[Kajaki|32.25,65.05]]."),
    ("hv11", "AF", "An airstrike hit a house in [[Panjwai|31.53,65.46|ADM2]] district, [[Kandahar|31.00,65.75|ADM1]] "
     "province, killing five civilians, local elders said. Families fled to [[Kandahar "
     "city|31.61,65.71|PPLA|AF|Kandahar]]."),
    ("hv12", "AF", "A mortar round landed in a market in [[Asmar|35.03,71.36|ADM2]] district of "
     "[[Kunar|34.85,71.10|ADM1]] province. Clashes continued in the [[Korengal|34.87,70.93|VAL]] valley, officials "
     "in [[Asadabad|34.87,71.15|PPLA]] said."),
    ("hv13", "AF", "A bomb hidden in a cart exploded in [[Ghani Khel|34.19,70.76]], the centre of "
     "[[Shinwar|34.19,70.76|ADM2]] district in [[Nangarhar|34.20,70.60|ADM1]]. Fighters also attacked posts near "
     "[[Tora Bora|34.11,70.21]]."),
    ("hv14", "AF", "Gunmen killed two aid workers on the road between [[Khost|33.34,69.92|PPLA]] and "
     "[[Gardez|33.60,69.22|PPLA]], in [[Paktia|33.60,69.40|ADM1]] province. A rocket hit the airport in "
     "[[Sharana|33.17,68.73|PPLA]], [[Paktika|32.50,68.80|ADM1]]."),
]

UA = [
    ("ua01", "UA", "[[Russian|60.00,100.00|PCLI|RU|Russia]] artillery shelled near [[Toretsk|48.40,37.85]], "
     "[[Donetsk|48.00,37.80|ADM1|UA|Donetsk Oblast]], overnight, the regional administration said. Two civilians "
     "were wounded in [[Niu-York|48.32,37.83|PPL|UA|New York]]."),
    ("ua02", "UA", "A guided bomb hit a residential block in [[Kostiantynivka|48.53,37.71]], killing three. Strikes "
     "were also recorded in [[Druzhkivka|48.63,37.53]] and on the outskirts of [[Kramatorsk|48.72,37.56]]."),
    ("ua03", "UA", "[[Ukrainian|49.00,32.00|PCLI|UA|Ukraine]] forces withdrew from positions east of "
     "[[Pokrovsk|48.28,37.18]], the general staff said, as fighting moved toward [[Myrnohrad|48.30,37.26]] and "
     "[[Selydove|48.15,37.30]] in [[Donetsk|48.00,37.80|ADM1|UA|Donetsk Oblast]] region."),
    ("ua04", "UA", "Attacks were repelled near [[Vuhledar|47.78,37.25]] and [[Velyka Novosilka|47.84,36.83]], where "
     "troops recaptured [[Staromaiorske|47.79,36.76]], a village on the border of "
     "[[Donetsk|48.00,37.80|ADM1|UA|Donetsk Oblast]] and [[Zaporizhzhia|47.50,35.80|ADM1|UA|Zaporizhzhia Oblast]] "
     "oblasts."),
    ("ua05", "UA", "Shelling damaged a water station in [[Siversk|48.87,38.10]] and a school in "
     "[[Lyman|48.99,37.81]], officials said. Heavy fighting continued near [[Bilohorivka|48.93,38.24]], "
     "[[Luhansk|48.90,39.00|ADM1|UA|Luhansk Oblast]] oblast."),
    ("ua06", "UA", "[[Svatove|49.41,38.16]], [[Luhansk|48.90,39.00|ADM1|UA|Luhansk Oblast]] region, came under drone "
     "attack, the occupation authorities said. Explosions were also heard in [[Starobilsk|49.28,38.91]] and "
     "[[Alchevsk|48.47,38.80]]."),
    ("ua07", "UA", "A missile struck an industrial site in [[Polohy|47.48,36.25]], "
     "[[Zaporizhzhia|47.50,35.80|ADM1|UA|Zaporizhzhia Oblast]] oblast. Partisans reported explosions in "
     "[[Tokmak|47.25,35.71]] and at the rail depot in [[Melitopol|46.85,35.37]]."),
    ("ua08", "UA", "[[Russian|60.00,100.00|PCLI|RU|Russia]] forces shelled [[Huliaipole|47.66,36.26]] eleven times "
     "in a day, the governor said, and attacked positions near [[Stepnohirsk|47.59,35.31]] and "
     "[[Vasylivka|47.44,35.28]], south of [[Zaporizhzhia city|47.84,35.14|PPLA|UA|Zaporizhzhia]]."),
    ("ua09", "UA", "[[Kharkiv|49.50,36.50|ADM1|UA|Kharkiv Oblast]] region's [[Balakliia|49.46,36.86]] lost power "
     "after a drone attack on a substation. Shelling was also reported in [[Chuhuiv|49.84,36.69]] and "
     "[[Zolochiv|50.28,35.98]], near the border with [[Russia|60.00,100.00|PCLI|RU]]."),
    ("ua10", "UA", "Glide bombs hit [[Lyptsi|50.20,36.42]] and [[Kozacha Lopan|50.33,36.21]], "
     "[[Kharkiv|49.50,36.50|ADM1|UA|Kharkiv Oblast]] oblast, the regional governor said. Evacuations continued from "
     "[[Dvorichna|49.85,37.68]] and [[Borova|49.38,37.62]]."),
    ("ua11", "UA", "Drones struck a bus in [[Beryslav|46.84,33.42]], [[Kherson|46.70,33.50|ADM1|UA|Kherson Oblast]] "
     "oblast, wounding four. Shelling from the left bank at [[Oleshky|46.62,32.72]] also hit "
     "[[Chornobaivka|46.69,32.55]]."),
    ("ua12", "UA", "Occupation officials in [[Skadovsk|46.12,32.91]] and [[Henichesk|46.17,34.80]] said air defences "
     "were active; the bridge at [[Chonhar|46.03,34.80]] on the way to [[Crimea|45.00,34.00|RGN|UA]] was hit again."),
    ("ua13", "UA", "Fighting was reported near [[Ocheretyne|48.23,37.60]] and [[Novohrodivka|48.20,37.34]], while "
     "shells hit [[Ukrainsk|48.10,37.37]] and [[Hirnyk|48.05,37.37]], in [[Pokrovsk|48.28,37.18|ADM2|UA|Pokrovsk "
     "Raion]] raion."),
    ("ua14", "UA", "A strike on [[Mykolaiv|46.97,32.00|PPLA]] damaged the port; in the "
     "[[Dnipropetrovsk|48.50,35.00|ADM1|UA|Dnipropetrovsk Oblast]] region, shelling hit [[Pokrov|47.65,34.13]] and "
     "the city of [[Kryvyi Rih|47.91,33.39]]."),
]

ME = [
    ("me01", "SY", "[[Turkish|39.00,35.00|PCLI|TR|Turkey]] drones struck a vehicle near [[Qamishli|37.05,41.23]] and "
     "a checkpoint in [[Amuda|37.10,40.93]], in [[Hasakah|36.50,40.75|ADM1|SY|al-Hasakah Governorate]] governorate, "
     "the SDF said. A third strike hit [[Tal Tamr|36.65,40.37]]."),
    ("me02", "SY", "Clashes broke out in [[Deir Hafer|36.16,37.71|PPL|SY|Dayr Hafir]], east of "
     "[[Aleppo|36.20,37.16|PPLA]], and spread to villages near [[Maskanah|35.96,38.03]]."),
    ("me03", "SY", "Government shelling hit [[Ariha|35.81,36.61]] and [[Jisr al-Shughur|35.81,36.32]] in western "
     "[[Idlib|35.93,36.63|ADM1|SY|Idlib Governorate]] province; residents of [[Kafr Nabl|35.61,36.56]] fled north."),
    ("me04", "SY", "An earthquake-damaged building collapsed in [[Jindires|36.39,36.70]], in the "
     "[[Afrin|36.51,36.87|ADM2|SY|Afrin District]] district, and aid convoys from [[Jarablus|36.82,38.01]] were "
     "delayed."),
    ("me05", "SY", "IS cells attacked an army bus in the desert near [[Palmyra|34.56,38.27|PPL|SY|Tadmur]], in "
     "eastern [[Homs|34.60,37.70|ADM1|SY|Homs Governorate]] governorate. Families at [[Rukban|33.30,38.70|CMP]] camp "
     "near [[al-Tanf|33.50,38.65]] said supplies had run out."),
    ("me06", "SY", "Unrest spread from [[Daraa|32.62,36.10|PPLA]] to [[Nawa|32.89,36.04]] and [[Jasim|32.99,36.06]], "
     "and protesters gathered in [[Sweida|32.71,36.57|PPLA]], the Druze heartland."),
    ("me07", "IQ", "Gunmen attacked an army post in [[Tarmiyah|33.67,44.39]], north of [[Baghdad|33.34,44.40|PPLC]], "
     "and a roadside bomb hit a convoy near [[Muqdadiyah|33.98,44.94]], [[Diyala|33.90,45.00|ADM1|IQ|Diyala "
     "Governorate]] province."),
    ("me08", "IQ", "Displaced Yazidis returned to [[Sinjar|36.32,41.87]], [[Nineveh|36.00,42.50|ADM1|IQ|Ninawa "
     "Governorate]] governorate, from camps near [[Dohuk|36.87,43.00|PPLA]]. Shelling was also reported near "
     "[[Makhmur|35.78,43.58]]."),
    ("me09", "IQ", "Militants attacked a police station in [[Tuz Khurmatu|34.88,44.63]], "
     "[[Salahuddin|34.50,43.50|ADM1|IQ|Salah ad Din Governorate]] province, and fired mortars at "
     "[[Amerli|34.72,44.59]]. Troops moved from [[Tikrit|34.60,43.68|PPLA]] and [[Baiji|34.93,43.49]]."),
    ("me10", "YE", "Houthi forces shelled [[Hays|13.93,43.48]] and [[al-Khokha|13.81,43.24|PPL|YE|Al Khawkhah]] in "
     "southern [[Hodeidah|14.90,43.20|ADM1|YE|Al Hudaydah Governorate]] governorate; fighting was also reported near "
     "[[Zabid|14.20,43.32]]."),
    ("me11", "YE", "A drone hit a market in [[Rada'a|14.42,44.84|PPL|YE|Rada]], [[al-Bayda|14.20,45.30|ADM1|YE|Al "
     "Bayda Governorate]] governorate. Clashes continued on the front line of [[Harib|15.03,45.50]] and "
     "[[Sirwah|15.42,45.02]], west of [[Marib city|15.46,45.32|PPLA|YE|Marib]]."),
    ("me12", "YE", "Separatist fighters took positions in [[Ataq|14.54,46.83|PPLA]], capital of "
     "[[Shabwa|14.70,47.00|ADM1|YE|Shabwah Governorate]], while forces in [[Mukalla|14.54,49.12|PPLA]] were put on "
     "alert; [[Lahj|13.06,44.88|PPLA|YE|Lahij]] stayed calm."),
    ("me13", "PS", "Airstrikes hit the [[Maghazi|31.42,34.38|CMP|PS|Maghazi camp]] camp and homes in [[Bani "
     "Suheila|31.34,34.33]], east of [[Khan Younis|31.34,34.30]]. Tanks advanced into [[Shujaiya|31.50,34.48]], a "
     "neighbourhood of [[Gaza City|31.50,34.47|PPLA]]."),
    ("me14", "PS", "[[TULKARM|32.31,35.03|PPLA|PS|Tulkarm]]: Troops raided the [[Nur Shams|32.32,35.07|CMP|PS|Nur "
     "Shams camp]] camp and the [[Far'a|32.29,35.34|CMP|PS|Far'a camp]] camp near [[Tubas|32.32,35.37|PPLA]] in the "
     "northern [[West Bank|32.00,35.25|RGN|PS]]."),
    ("me15", "PS", "Settlers attacked homes in [[Sinjil|32.03,35.26]] and [[Beita|32.14,35.29]], and families in "
     "[[Masafer Yatta|31.40,35.12|RGN]], south of [[Hebron|31.53,35.10|PPLA]], said their tents were torn down."),
    ("me16", "LB", "[[Israeli|31.50,34.75|PCLI|IL|Israel]] strikes hit [[Khiam|33.33,35.61]] and [[Bint "
     "Jbeil|33.12,35.43]] in southern [[Lebanon|33.83,35.83|PCLI]]; in [[Nabatieh|33.38,35.48|PPLA]] a building "
     "collapsed, and shells fell near [[Naqoura|33.12,35.14]]."),
    ("me17", "LB", "Families from [[Ain al-Hilweh|33.54,35.38|CMP|LB|Ain al-Hilweh camp]] camp near "
     "[[Sidon|33.56,35.37|PPLA]] sheltered in schools, while strikes hit [[Baalbek|34.00,36.21]] and the "
     "[[Hermel|34.39,36.39]] area in the [[Bekaa|33.90,36.00|VAL|LB|Beqaa Valley]]."),
]

AF = [
    ("af01", "SD", "RSF fighters looted the market in [[Kutum|14.20,24.67]] and attacked [[Kabkabiya|13.65,24.08]], "
     "[[North Darfur|15.50,25.00|ADM1]] state, residents said. Thousands walked toward [[Mellit|14.13,25.55]]."),
    ("af02", "SD", "Shelling hit [[Zalingei|12.91,23.47|PPLA]], capital of [[Central Darfur|12.90,23.50|ADM1]], and "
     "the army garrison in [[Ed Daein|11.46,26.13|PPLA]], [[East Darfur|11.50,26.50|ADM1]] state."),
    ("af03", "SD", "Fighting spread across [[Kordofan|13.00,30.00|RGN|SD]]: drones struck [[El "
     "Obeid|13.18,30.22|PPLA]], and the road to [[Um Ruwaba|12.91,31.21]] in [[North Kordofan|14.00,29.50|ADM1]] was "
     "cut."),
    ("af04", "SD", "The SPLM-N besieged [[Kadugli|11.01,29.72|PPLA]] and [[Dilling|12.05,29.65]], [[South "
     "Kordofan|11.20,30.00|ADM1]] state, and fighting reached [[Babanusa|11.33,27.82]] in [[West "
     "Kordofan|11.50,28.00|ADM1]]."),
    ("af05", "SD", "Displaced families from [[Sennar|13.55,33.62]] reached [[Gedaref|14.03,35.38|PPLA]] and "
     "[[Kassala|15.45,36.40|PPLA]], while a drone attack hit the port of [[Port Sudan|19.62,37.22|PPLA]] on the "
     "[[Red Sea|20.00,38.00|SEA]]."),
    ("af06", "SO", "Al-Shabaab fighters attacked a base in [[Bulo Burte|3.85,45.57|PPL|SO|Buulobarde]], in the "
     "[[Hiiraan|4.00,45.50|ADM1|SO|Hiiraan]] region, and ambushed a convoy near [[Jalalaqsi|3.40,45.60]]."),
    ("af07", "SO", "Troops retook [[Baraawe|1.11,44.03|PPL|SO|Barawe]] and [[Marka|1.71,44.77|PPLA|SO|Merca]] in "
     "[[Lower Shabelle|1.90,44.40|ADM1|SO|Shabeellaha Hoose]] region, and a car bomb exploded in "
     "[[Wanlaweyn|2.62,44.89]]."),
    ("af08", "SO", "Clashes between clan militias in [[Galkayo|6.77,47.43]], [[Mudug|6.50,47.50|ADM1]] region, "
     "killed eleven; officials in [[Garowe|8.41,48.48]] and [[Dhusamareb|5.54,46.39]] called for a ceasefire."),
    ("af09", "ML", "Jihadists attacked a military camp in [[Boni|15.07,-1.89]], between [[Douentza|15.00,-2.95]] and "
     "[[Hombori|15.28,-1.70]], in the [[Mopti|14.50,-4.20|ADM1|ML|Mopti Region]] region of central "
     "[[Mali|17.00,-4.00|PCLI]]."),
    ("af10", "ML", "A convoy was ambushed between [[Gao|16.27,-0.04|PPLA]] and [[Ansongo|15.66,0.50]], and fighting "
     "was reported near [[Menaka|15.92,2.40|PPLA]] and [[Tessalit|20.20,1.01]], north of [[Kidal|18.44,1.41|PPLA]]."),
    ("af11", "BF", "Gunmen killed dozens in [[Barsalogho|13.42,-1.06]], [[Centre-Nord|13.20,-1.10|ADM1|BF]] region, "
     "and attacked the town of [[Djibo|14.10,-1.63]] in the [[Sahel|14.00,-0.50|ADM1|BF|Sahel Region]] region of "
     "[[Burkina Faso|12.25,-1.50|PCLI]]."),
    ("af12", "BF", "An army convoy was ambushed near [[Arbinda|14.23,-0.87]], and fighters attacked the police post "
     "in [[Gorom-Gorom|14.44,-0.23]]. Displaced people gathered in [[Dori|14.03,-0.03|PPLA]] and "
     "[[Kaya|13.09,-1.08|PPLA]]."),
    ("af13", "NE", "Soldiers were killed in an attack near [[Ouallam|14.32,2.09]], in the "
     "[[Tillaberi|14.50,1.50|ADM1|NE|Tillaberi Region]] region of [[Niger|17.00,9.00|PCLI]]; another unit came under "
     "fire near [[Ayorou|14.73,0.92]] on the border with [[Mali|17.00,-4.00|PCLI|ML]]."),
    ("af14", "CD", "ADF rebels attacked villages near [[Oicha|0.70,29.52]], north of [[Beni|0.49,29.47]], in [[North "
     "Kivu|-0.80,28.90|ADM1|CD|Nord-Kivu]]; survivors fled to [[Butembo|0.14,29.29]]."),
    ("af15", "CD", "M23 fighters took [[Masisi|-1.40,28.82]] and advanced on [[Minova|-1.70,29.02]], in [[South "
     "Kivu|-3.00,28.30|ADM1|CD|Sud-Kivu]]; residents of [[Bukavu|-2.51,28.86|PPLA]] and [[Uvira|-3.40,29.14]] braced "
     "for fighting."),
    ("af16", "CD", "Militiamen attacked a displacement site in [[Djugu|1.92,30.50|ADM2|CD|Djugu Territory]] "
     "territory, [[Ituri|1.70,29.80|ADM1]] province, killing 40, officials in [[Bunia|1.56,30.25|PPLA]] said."),
    ("af17", "ET", "Fighting between federal troops and Fano militia hit [[Lalibela|12.03,39.05]] and "
     "[[Woldia|11.83,39.60]] in [[Amhara|11.50,38.00|ADM1]] region; drones struck near [[Bahir "
     "Dar|11.59,37.39|PPLA]] and [[Gondar|12.60,37.47]]."),
    ("af18", "ET", "Aid trucks reached [[Mekelle|13.50,39.47|PPLA]] and [[Adigrat|14.28,39.46]] in "
     "[[Tigray|14.00,39.00|ADM1]], while displaced families in [[Shire|14.10,38.28]] waited for food; the road from "
     "[[Alamata|12.42,39.56]] reopened."),
]

SP = [
    ("sp01", "PK", "[[MIRANSHAH|33.00,70.07|PPL|PK|Miram Shah]]: Curfew was lifted in "
     "[[Miranshah|33.00,70.07|PPL|PK|Miram Shah]] and [[Mirali|33.02,70.28|PPL|PK|Mir Ali]] after three days, "
     "officials said, but the road to [[Ghulam Khan|33.13,69.95]] stayed closed."),
    ("sp02", "AF", "[[KHOST|33.34,69.92|PPLA|AF|Khost]]: Two rockets landed near the governor's compound in "
     "[[Khost|33.34,69.92|PPLA]] city; no group claimed the attack. Traffic on the road to "
     "[[Gardez|33.60,69.22|PPLA]] was stopped."),
    ("sp03", "YE", "[[SANAA|15.35,44.21|PPLC|YE|Sanaa]], May 4: Houthi officials said "
     "[[US|39.76,-98.50|PCLI|US|United States]] strikes hit the [[Sana'a|15.35,44.21|PPLC|YE|Sanaa]] airport and a "
     "camp near [[Dhamar|14.55,44.40|PPLA]], on the road to [[Ibb|13.97,44.18|PPLA]]."),
    ("sp04", "PK", "Police in [[KP|34.50,72.00|ADM1|PK|Khyber Pakhtunkhwa]] said a grenade was thrown at a polling "
     "station in [[Charsadda|34.15,71.74]], while officials in the former [[FATA|32.90,70.30|RGN|PK|Federally "
     "Administered Tribal Areas]] reported calm."),
    ("sp05", "PK", "Shelling across the line was reported in [[Bagh|33.98,73.78]] and [[Hajira|33.77,73.90]], "
     "[[AJK|34.20,73.80|ADM1|PK|Azad Kashmir]]. In [[GB|35.80,74.50|ADM1|PK|Gilgit-Baltistan]], protesters blocked "
     "the road at [[Chilas|35.42,74.10]]."),
    ("sp06", "UA", "[[Kiev|50.45,30.52|PPLC|UA|Kyiv]] said [[Russian|60.00,100.00|PCLI|RU|Russia]] troops shelled "
     "[[Slavyansk|48.85,37.60|PPL|UA|Sloviansk]] and [[Krasnoarmeysk|48.28,37.18|PPL|UA|Pokrovsk]]; officials in "
     "[[Lugansk|48.57,39.31|PPLA|UA|Luhansk]] blamed [[Ukrainian|49.00,32.00|PCLI|UA|Ukraine]] fire for a blast."),
    ("sp07", "UA", "Drones flew toward [[Zaporozhye|47.84,35.14|PPLA|UA|Zaporizhzhia]] and "
     "[[Dnepropetrovsk|48.46,35.05|PPLA|UA|Dnipro]] overnight; air raid alerts sounded in "
     "[[Odessa|46.48,30.73|PPLA|UA|Odesa]] and [[Nikolayev|46.97,32.00|PPLA|UA|Mykolaiv]]."),
    ("sp08", "UA", "Fighting was reported near [[Kupyansk|49.71,37.62|PPL|UA|Kupiansk]], "
     "[[Ugledar|47.78,37.25|PPL|UA|Vuhledar]] and [[Seversk|48.87,38.10|PPL|UA|Siversk]]; "
     "[[Russian|60.00,100.00|PCLI|RU|Russia]] officials also named [[Dzerzhinsk|48.40,37.85|PPL|UA|Toretsk]] in "
     "[[Donetsk|48.00,37.80|ADM1|UA|Donetsk Oblast]]."),
    ("sp09", "UA", "[[Russian|60.00,100.00|PCLI|RU|Russia]] officials said their forces entered "
     "[[Novogrodovka|48.20,37.34|PPL|UA|Novohrodivka]] and [[Selidovo|48.15,37.30|PPL|UA|Selydove]], and shelled "
     "[[Konstantinovka|48.53,37.71|PPL|UA|Kostiantynivka]] and [[Druzhkovka|48.63,37.53|PPL|UA|Druzhkivka]], north "
     "of [[Donetsk city|48.00,37.80|PPLA|UA|Donetsk]]."),
    ("sp10", "SY", "Rebels advanced from [[Dayr Hafir|36.16,37.71|PPL|SY|Deir Hafer]] toward "
     "[[Maskana|35.96,38.03|PPL|SY|Maskanah]], and shelling hit [[Deir Ezzor|35.34,40.14|PPLA|SY|Deir ez-Zor]] and "
     "[[Al-Qamishli|37.05,41.23|PPL|SY|Qamishli]]."),
    ("sp11", "SY", "Airstrikes hit [[Idleb|35.93,36.63|PPLA|SY|Idlib]] city and [[Ma'arrat "
     "Misrin|36.01,36.67|PPL|SY|Maarat Misrin]]; in [[Hamah|35.20,36.90|ADM1|SY|Hama Governorate]] province, the "
     "army shelled [[Kafr Zita|35.37,36.60]]."),
    ("sp12", "SO", "[[MUQDISHO|2.04,45.34|PPLC|SO|Mogadishu]]: Fighters attacked a checkpoint on the road to "
     "[[Baydhabo|3.11,43.65|PPLA|SO|Baidoa]], and a mortar hit [[Belet Weyne|4.74,45.20|PPLA|SO|Beledweyne]]. Elders "
     "in [[Kismaayo|-0.36,42.55|PPLA|SO|Kismayo]] condemned the attack."),
    ("sp13", "SD", "[[AL-FASHIR|13.63,25.35|PPLA|SD|El Fasher]]: The RSF shelled [[Al Fashir|13.63,25.35|PPLA|SD|El "
     "Fasher]] again; aid workers in [[Al-Ubayyid|13.18,30.22|PPLA|SD|El Obeid]] and "
     "[[Geneina|13.45,22.45|PPLA|SD|El Geneina]] said supplies were blocked."),
    ("sp14", "PK", "Mardan Ali, a shopkeeper in [[Timergara|34.83,71.84]], told Pakistan Today that prices had "
     "doubled. Imran Khan's party held a rally in [[Peshawar|34.01,71.58|PPLA]], where Chad Williams, an aid worker, "
     "spoke."),
    ("sp15", "SO", "Aden Hashi, a clan elder, said the ceasefire in [[Galkacyo|6.77,47.43|PPL|SO|Galkayo]] was "
     "holding. Jordan Miller of the UN told the Sudan Tribune that talks would resume in "
     "[[Nairobi|-1.29,36.82|PPLC|KE]]."),
    ("sp16", "IQ", "Georgia Evans, a researcher at Human Rights Watch, said families in [[Baqubah|33.75,44.64|PPLA]] "
     "were still missing relatives. Victoria Hale of Save the Children visited [[Erbil|36.19,44.01|PPLA]] on Sunday."),
    ("sp17", "PK", "[[LAHORE|31.55,74.34|PPLA|PK|Lahore]], March 9: Lahore Qalandars beat Peshawar Zalmi as security "
     "was raised in [[Rawalpindi|33.60,73.04]] after threats from the Tehreek-i-Taliban; Quetta Gladiators play in "
     "[[Karachi|24.86,67.01|PPLA]] next week."),
    ("sp18", "AF", "Taliban spokesman Zabihullah Mujahid said forces in [[Lashkargah|31.59,64.37|PPLA|AF|Lashkar "
     "Gah]] and [[Gereshk|31.82,64.57]] were on alert; the Kabul Bank branch in [[Tarinkot|32.63,65.87|PPLA]] closed "
     "early."),
    ("sp19", "UA", "Artillery hit [[Gulyaipole|47.66,36.26|PPL|UA|Huliaipole]] and [[Velikaya "
     "Novoselka|47.84,36.83|PPL|UA|Velyka Novosilka]]; in the [[Kharkov|49.50,36.50|ADM1|UA|Kharkiv Oblast]] region, "
     "[[Balakleya|49.46,36.86|PPL|UA|Balakliia]], [[Chuguev|49.84,36.69|PPL|UA|Chuhuiv]] and "
     "[[Lozovaya|48.89,36.32|PPL|UA|Lozova]] lost power."),
    ("sp20", "CD", "[[BENI|0.49,29.47|PPL|CD|Beni]], [[Congo|-2.50,23.50|PCLI|CD|Democratic Republic of the Congo]], "
     "May 2: Rebels attacked [[Oicha|0.70,29.52]] again; the army said it held [[Kanyabayonga|-0.70,29.18]] and "
     "[[Lubero|-0.16,29.24]]."),
    ("sp21", "ML", "[[GAO|16.27,-0.04|PPLA|ML|Gao]], [[Mali|17.00,-4.00|PCLI]], June 1: A boat was attacked on the "
     "river near [[Tombouctou|16.77,-3.01|PPLA|ML|Timbuktu]], and a convoy was hit near [[Menaka|15.92,2.40|PPLA]]."),
    ("sp22", "SY", "Shelling hit [[Deir al-Asafir|33.44,36.44]] in [[Eastern Ghouta|33.55,36.45|RGN|SY]] and [[Dayr "
     "Atiyah|34.09,36.76|PPL|SY|Deir Atiyah]] in the [[Qalamoun|34.00,36.60|RGN]] mountains, north of "
     "[[Damascus|33.51,36.29|PPLC]]."),
]

ARTICLES: list[tuple[str, str, str]] = HV + UA + ME + AF + SP


COMMENT = ("conflict-holdout: a held-out set written after the tuning on conflict-dev.xml and scored once, "
           "not tuned on; sentences of our own in the style of conflict reporting; gold coordinates from general "
           "geographic knowledge, to about 0.05 degree. Generated by eval/make_conflict_holdout.py.")


def main() -> int:
    """Write the XML and print how many articles and toponyms it holds."""
    return write(OUT, ARTICLES, COMMENT)


if __name__ == "__main__":
    raise SystemExit(main())
