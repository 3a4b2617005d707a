"""Write eval/conflict-dev.xml, the conflict-style development set, from the articles below (offsets computed here).

The sentences were written by the conflict-map team in the style of conflict reporting (event notes, strike records,
datelines); they quote no real article. Gold coordinates come from general geographic knowledge and GeoNames where
recalled, to about 0.01-0.05 degree; a development set for tuning, never a test set.

Markup: ``[[surface|lat,lon|fcode|CC|name]]``; fcode (default PPL), CC (default: the article's) and name (default:
the surface) may be left out. Run ``.venv/bin/python eval/make_conflict_dev.py`` to rewrite the XML.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from markup import write  # noqa: E402  (this folder's shared writer, beside the script)

OUT = Path(__file__).resolve().parent / "conflict-dev.xml"

# (docid, country, text with markup)
ARTICLES: list[tuple[str, str, str]] = [
    ("cd001", "PK", "A drone strike hit a compound in [[Mir Ali|33.02,70.28]], [[North Waziristan|32.95,70.05|ADM2]], "
     "officials said. Residents of [[Mirali|33.02,70.28|PPL|PK|Mir Ali]] said two houses were destroyed."),
    ("cd002", "PK", "Security forces said they killed four militants in [[Datta Khel|33.00,69.88]] tehsil of "
     "[[North Waziristan|32.95,70.05|ADM2]]. Troops also searched [[Dattakhel|33.00,69.88|PPL|PK|Datta Khel]] bazaar "
     "and the road to [[Miramshah|33.00,70.07|PPL|PK|Miram Shah]]."),
    ("cd003", "PK", "[[PESHAWAR|34.01,71.58|PPLA|PK|Peshawar]]: A bomb exploded near a police checkpost in "
     "[[Bara|33.91,71.46]], [[Khyber|34.05,71.10|ADM2]] district, injuring three. Police in [[KP|34.50,72.00|ADM1|PK|"
     "Khyber Pakhtunkhwa]] said the blast was claimed by a local faction."),
    ("cd004", "PK", "[[QUETTA|30.19,67.01|PPLA|PK|Quetta]]/[[CHAMAN|30.92,66.45|PPL|PK|Chaman]], May 3: Traders "
     "blocked the [[Quetta|30.19,67.01|PPLA]]-[[Chaman|30.92,66.45]] road for a second day, and the border crossing "
     "at [[Spin Boldak|31.01,66.40|PPL|AF]] stayed shut."),
    ("cd005", "PK", "Militants attacked a checkpoint in [[Spinwam|33.17,70.37]] area of [[North Waziristan|32.95,70.05"
     "|ADM2]] overnight; the army said soldiers returned fire. A curfew was imposed in [[Miran Shah|33.00,70.07]] and "
     "[[Razmak|32.69,69.84]]."),
    ("cd006", "PK", "Gunmen shot dead a polio worker in [[Wana|32.30,69.57]], [[South Waziristan|32.30,69.70|ADM2]]. "
     "A second team was attacked near [[Tank|32.22,70.38]] on the road from [[Dera Ismail Khan|31.83,70.90]]."),
    ("cd007", "PK", "Operations continued in [[Mohmand|34.50,71.35|ADM2]] and [[Bajaur|34.78,71.50|ADM2]] agencies, "
     "where families fled to [[Peshawar|34.01,71.58|PPLA]] and the [[Jalozai|33.95,71.86|CMP]] camp near "
     "[[Nowshera|34.02,71.98]]."),
    ("cd008", "PK", "Officials in [[FATA|32.90,70.30|RGN|PK|Federally Administered Tribal Areas]] said the merger with "
     "[[Khyber Pakhtunkhwa|34.50,72.00|ADM1]] would bring courts to [[Kurram|33.80,70.20|ADM2]] and "
     "[[Orakzai|33.67,71.00|ADM2]]. Clashes were reported in [[Parachinar|33.90,70.10]] last week."),
    ("cd009", "PK", "The [[Swat|35.00,72.45|ADM2]] Taliban once controlled [[Mingora|34.78,72.36]] and "
     "[[Matta|34.95,72.42]]; the army retook [[Kabal|34.79,72.29]] village, [[Swat|35.00,72.45|ADM2]] district, in "
     "2009."),
    ("cd010", "PK", "Shelling across the [[Line of Control|34.00,74.00|BNDRY|PK]] was reported in [[Neelum|34.59,73.91|ADM2]] valley, [[AJK|"
     "34.20,73.80|ADM1|PK|Azad Kashmir]], and near [[Kotli|33.52,73.90]]. Officials in [[Muzaffarabad|34.37,73.47|PPLA]]"
     " said schools were closed. In [[GB|35.80,74.50|ADM1|PK|Gilgit-Baltistan]], [[Gilgit|35.92,74.31|PPLA]] was "
     "calm."),
    ("cd011", "PK", "Insurgents ambushed a convoy in [[Turbat|26.00,63.05]], [[Kech|26.20,63.00|ADM2]] district, and "
     "fired rockets at the port in [[Gwadar|25.13,62.32]]. Levies reported a separate attack in [[Mastung|29.80,66.85]]."),
    ("cd012", "PK", "[[ISLAMABAD|33.69,73.06|PPLC|PK|Islamabad]]: Police in the [[ICT|33.69,73.06|ADM1|PK|Islamabad "
     "Capital Territory]] raised security after a suicide bomber struck in [[Lakki Marwat|32.61,70.91]]. Curfews were "
     "ordered in [[Bannu|32.99,70.60]] and [[Karak|33.12,71.09]]."),
    ("cd013", "PK", "A roadside bomb hit a vehicle in [[Makeen|32.63,69.87|PPL|PK|Makin]], [[South Waziristan|32.30,"
     "69.70|ADM2]], and another near [[Ladha|32.57,69.98]] tehsil headquarters. Displaced families reached "
     "[[Shamshatoo|33.90,71.70|CMP]] camp."),
    ("cd014", "PK", "The [[Hangu|33.53,71.06]]-[[Kohat|33.58,71.44]] road was reopened. In [[NWFP|34.50,72.00|ADM1|PK|"
     "Khyber Pakhtunkhwa]] days, the [[Kohat|33.58,71.44]] tunnel was a frequent target."),
    ("cd015", "AF", "[[KABUL|34.53,69.17|PPLC|AF|Kabul]]: Fighting was reported in [[Achin|34.07,70.70|ADM2]] district "
     "of [[Nangarhar|34.20,70.60|ADM1]] province, where an airstrike hit a village near [[Jalalabad|34.43,70.45|PPLA]]."),
    ("cd016", "AF", "The [[Kandahar|31.61,65.71|PPLA]] police said a bomb exploded in [[Spin Boldak|31.01,66.40]] district of [[Kandahar|"
     "31.61,65.71|ADM1]]. Clashes continued in [[Sangin|32.07,64.84]] and [[Musa Qala|32.45,64.76]], [[Helmand|31.40,"
     "64.10|ADM1]]."),
    ("cd017", "AF", "Gunmen attacked a checkpoint in [[Nad Ali|31.56,64.21|ADM2]] district of [[Helmand|31.40,64.10|"
     "ADM1]] province. Officials in [[Lashkar Gah|31.59,64.37|PPLA]] said the road to [[Marjah|31.52,64.12]] was "
     "closed."),
    ("cd018", "AF", "[[Kunar|34.85,71.10|ADM1]] officials said shells fired from across the border landed in "
     "[[Asadabad|34.87,71.15|PPLA]] and [[Dangam|34.97,71.42|ADM2]] district. The [[Torkham|34.10,71.09]] crossing "
     "stayed open."),
    ("cd019", "AF", "Taliban fighters entered [[Kunduz|36.73,68.86|PPLA]] and [[Ghazni|33.55,68.42|PPLA]]; fighting "
     "spread to [[Pul-i-Alam|33.99,69.02|PPLA|AF|Pul-e Alam]] in [[Logar|34.00,69.20|ADM1]] and to [[Maidan Shahr|"
     "34.40,68.87|PPLA]]."),
    ("cd020", "UA", "Artillery shelled near [[Avdiivka|48.14,37.75]], [[Donetsk|48.00,37.80|ADM1|UA|Donetsk "
     "Oblast]], and [[Marinka|47.94,37.50]], the regional governor said. Strikes also hit [[Kurakhove|47.98,37.28]]."),
    ("cd021", "UA", "Fighting continued around [[Bakhmut|48.60,38.00]], formerly [[Artemivsk|48.60,38.00|PPL|UA|"
     "Bakhmut]], and in [[Soledar|48.68,38.09]] and [[Klishchiivka|48.53,37.97]]. Shelling was reported in "
     "[[Chasiv Yar|48.59,37.84]]."),
    ("cd022", "UA", "[[Andriivka|48.50,37.97]], [[Bakhmut|48.60,38.00|ADM2|UA|Bakhmut Raion]] raion, was retaken, the "
     "general staff said. Attacks were repelled near [[Krasnohorivka|47.99,37.52]] and [[Novomykhailivka|47.83,37.45]]."),
    ("cd023", "UA", "Missiles struck [[Kharkiv|49.99,36.23|PPLA]] overnight. In the [[Kharkov|49.99,36.23|PPLA|UA|"
     "Kharkiv]] region, shelling hit [[Kupiansk|49.71,37.62]] and [[Vovchansk|50.29,36.94]]; [[Izium|49.21,37.26]] "
     "lost power."),
    ("cd024", "UA", "Separatist officials in [[Gorlovka|48.30,38.05|PPL|UA|Horlivka]] said shells hit a market; "
     "[[Avdeyevka|48.14,37.75|PPL|UA|Avdiivka]] and [[Krasnogorovka|47.99,37.52|PPL|UA|Krasnohorivka]] were named as "
     "the firing positions."),
    ("cd025", "UA", "[[Sievierodonetsk|48.95,38.49]] and [[Lysychansk|48.91,38.43]], [[Luhansk|48.57,39.30|ADM1|UA|"
     "Luhansk Oblast]], came under heavy fire; [[Rubizhne|49.01,38.37]] and [[Kreminna|49.05,38.22]] were "
     "contested."),
    ("cd026", "UA", "Drones targeted [[Kyiv|50.45,30.52|PPLC]]; debris fell in [[Bucha|50.55,30.22]] and "
     "[[Irpin|50.52,30.25]]. Officials in [[Kiev|50.45,30.52|PPLC|UA|Kyiv]] said air defences worked through the "
     "night."),
    ("cd027", "UA", "Shelling of [[Nikopol|47.57,34.39]] and [[Marhanets|47.64,34.63]] continued from across the "
     "river at [[Enerhodar|47.50,34.66]]. In [[Zaporizhzhia|47.84,35.14|ADM1|UA|Zaporizhzhia Oblast]] region, "
     "[[Robotyne|47.44,35.84]] and [[Orikhiv|47.57,35.78]] were hit."),
    ("cd028", "UA", "Troops crossed the [[Dnipro|46.80,33.20|STM|UA|Dnieper]] near [[Krynky|46.73,33.08]], "
     "[[Kherson|46.64,32.61|PPLA]] region, and shelled [[Nova Kakhovka|46.76,33.37]] and [[Hola Prystan|46.52,32.52]]."),
    ("cd029", "SY", "Airstrikes hit [[Deir ez-Zor|35.34,40.14|PPLA]] and the countryside of [[Dayr az-Zawr|35.34,40."
     "14|PPLA|SY|Deir ez-Zor]]; militias moved between [[Al-Mayadin|35.02,40.45]] and [[Albu Kamal|34.45,40.92|PPL|"
     "SY|Abu Kamal]]."),
    ("cd030", "SY", "The last pocket held out in [[Baghuz|34.44,40.96]] near [[Hajin|34.69,40.83]]; families were "
     "trucked to [[Al-Hol|36.38,41.15|CMP|SY|al-Hol camp]] camp in [[Hasakah|36.50,40.75|PPLA|SY|al-Hasakah]] and "
     "to [[Roj|36.98,42.06|CMP]] camp."),
    ("cd031", "SY", "Shelling hit [[Maarat al-Numan|35.65,36.67|PPL|SY|Ma'arrat an-Nu'man]], [[Saraqib|35.86,36.80]] "
     "and [[Khan Sheikhoun|35.44,36.65|PPL|SY|Khan Shaykhun]] in southern [[Idlib|35.93,36.63|ADM1]]; thousands fled "
     "to [[Atmeh|36.21,36.68|CMP]] camp near [[Sarmada|36.18,36.72]]."),
    ("cd032", "SY", "Displaced families reached [[Bab al-Salam|36.64,37.07|CMP]] camp near [[Azaz|36.59,37.05]], "
     "north of [[Aleppo|36.20,37.16|PPLA]]. Clashes were reported in [[Tal Rifaat|36.47,37.10]] and "
     "[[al-Bab|36.37,37.52]]."),
    ("cd033", "SY", "Opposition forces advanced on [[Manbij|36.53,37.95]] and [[Kobani|36.89,38.35]]; strikes hit "
     "[[Tal Abyad|36.70,38.95]] and [[Ras al-Ain|36.85,40.07]], while [[Raqqa|35.95,39.01|PPLA]] braced."),
    ("cd034", "IQ", "Federal police cleared villages south of [[Mosul|36.34,43.13|PPLA]] and entered "
     "[[Qayyarah|35.80,43.29]]. Fighting was reported in [[Tal Afar|36.37,42.45]] and [[Hawija|35.32,43.77]], "
     "[[Kirkuk|35.47,44.39|ADM1|IQ|Kirkuk Governorate]]."),
    ("cd035", "IQ", "Rockets struck [[Ain al-Asad|33.80,42.44|AIRB]] air base in [[Anbar|33.40,42.50|ADM1]]; the "
     "[[Fallujah|33.35,43.78]] and [[Ramadi|33.42,43.30]] roads were closed, and [[al-Qaim|34.37,41.09]] was on "
     "alert."),
    ("cd036", "JO", "The [[Zaatari|32.29,36.32|CMP]] camp near [[Mafraq|32.34,36.21|PPLA]] hosts about 80,000 people; "
     "[[Azraq|31.91,36.60|CMP]] camp lies further east."),
    ("cd037", "PS", "Airstrikes hit the [[Jabalia|31.53,34.50|CMP|PS|Jabalia camp]] camp and [[Beit Lahia|31.55,"
     "34.50]] in northern [[Gaza|31.42,34.37|RGN|PS|Gaza Strip]]. Residents of [[Shati|31.53,34.45|CMP]] camp fled "
     "toward [[Deir al-Balah|31.42,34.35]]."),
    ("cd038", "PS", "Tanks pushed into [[Nuseirat|31.45,34.39|CMP]] and [[Bureij|31.44,34.40|CMP]] camps, and shelling "
     "hit [[Khan Younis|31.34,34.30]] and [[Rafah|31.29,34.25]]; families sheltered in [[al-Mawasi|31.35,34.26]]."),
    ("cd039", "PS", "[[JENIN|32.46,35.30|PPLA|PS|Jenin]]: Troops raided the [[Jenin|32.46,35.29|CMP|PS|Jenin camp]] "
     "camp and the [[Balata|32.21,35.29|CMP]] camp in [[Nablus|32.22,35.26|PPLA]]; settlers attacked "
     "[[Huwara|32.15,35.26]] and [[Turmus Ayya|32.03,35.29]]."),
    ("cd040", "YE", "Coalition jets struck [[Sanaa|15.35,44.21|PPLC]] and the port of [[Hodeida|14.80,42.95|PPLA|YE|"
     "Al Hudaydah]]; fighting flared in [[Marib|15.46,45.32|PPLA]] and along the [[Taiz|13.58,44.02|PPLA]]-"
     "[[Mokha|13.32,43.25|PPL|YE|Al Mukha]] road."),
    ("cd041", "YE", "Shelling hit [[Saada|16.94,43.76|PPLA|YE|Sa'dah]] and [[Hajjah|15.69,43.60|PPLA]]; fighters "
     "moved from [[Aden|12.78,45.04|PPLA]] toward [[Zinjibar|13.13,45.38|PPLA]] in [[Abyan|13.60,46.00|ADM1]]."),
    ("cd042", "SD", "The RSF shelled [[Zamzam|13.49,25.30|CMP|SD|Zam Zam camp]] camp south of [[El Fasher|13.63,"
     "25.35|PPLA]], [[North Darfur|15.50,25.00|ADM1]]; residents fled to [[Tawila|13.51,24.86]] and [[Abu Shouk|13.66,"
     "25.33|CMP]]."),
    ("cd043", "SD", "Fighting spread from [[Khartoum|15.50,32.56|PPLC]] to [[Omdurman|15.64,32.48]] and "
     "[[Wad Madani|14.40,33.52|PPLA]], [[Gezira|14.50,33.20|ADM1|SD|Al Jazirah]] state. In [[Nyala|12.05,24.88|PPLA]], "
     "[[Kalma|12.00,24.96|CMP]] camp was shelled."),
    ("cd044", "SD", "[[El Geneina|13.45,22.45|PPLA]] and nearby [[Ardamata|13.47,22.48]] fell; tens of thousands "
     "crossed into [[Adre|13.47,22.20|PPL|TD]] in [[Chad|15.00,19.00|PCLI|TD]]."),
    ("cd045", "SO", "[[MOGADISHU|2.04,45.34|PPLC|SO|Mogadishu]]: A car bomb exploded near a base in [[Afgooye|2.14,45.12]],"
     " and militants attacked [[Beledweyne|4.74,45.20|PPLA]] and [[Jowhar|2.78,45.50|PPLA]]. Troops left "
     "[[Baidoa|3.11,43.65]]."),
    ("cd046", "KE", "Refugees from [[Kismayo|-0.36,42.55|PPLA|SO|Kismaayo]] reached [[Dadaab|0.05,40.31|CMP]] in "
     "[[Garissa|-0.45,39.65|PPLA]] county; others were moved to [[Kakuma|3.72,34.86|CMP]] near the border with "
     "[[South Sudan|7.50,30.00|PCLI|SS]]."),
    ("cd047", "MM", "The army lost [[Laukkaing|23.69,98.76|PPL|MM|Laukkai]] and [[Lashio|22.93,97.75]] in northern "
     "[[Shan|21.50,98.00|ADM1]] state; airstrikes hit [[Myawaddy|16.69,98.51]] on the border with [[Thailand|15.50,"
     "101.00|PCLI|TH]]."),
    ("cd048", "MM", "Fighting in [[Maungdaw|20.82,92.37]] and [[Buthidaung|20.87,92.53]], [[Rakhine|19.80,93.90|ADM1]] "
     "state, pushed families toward [[Teknaf|20.86,92.30|PPL|BD]] and the [[Kutupalong|21.21,92.16|CMP|BD]] camp near "
     "[[Cox's Bazar|21.45,91.97|PPL|BD]]."),
    ("cd049", "CD", "M23 fighters advanced on [[Sake|-1.57,29.04]] and shelled [[Mugunga|-1.65,29.15|CMP]] camp on the "
     "edge of [[Goma|-1.68,29.23|PPLA]]; [[Bunagana|-1.28,29.61]] and [[Rutshuru|-1.18,29.45]] were held."),
    ("cd050", "NG", "Insurgents attacked [[Gwoza|11.08,13.69]] and [[Bama|11.52,13.69]] in [[Borno|11.50,13.00|ADM1]] "
     "state, and displaced families walked to [[Maiduguri|11.85,13.16|PPLA]] and [[Monguno|12.67,13.61]]."),
    # Session 4 (parse helper): placement by a reference alone, settlement-suffix names, all-caps datelines by
    # alternate names and their containers, the Frontier Regions, a territory and its main city. Villages the
    # gazetteer lacks are placed from general knowledge to about 0.1-0.2 degree (their district or the stated offset).
    ("cd051", "PK", "[[BANNU|32.99,70.60|PPLA2|PK|Bannu]]: Militants attacked a Levies post in [[Jani Khel|32.85,"
     "70.40]], [[FR Bannu|32.95,70.45|ADM3|PK|FR Bannu]], on Tuesday. Troops later moved into the [[FR|32.77,70.73|"
     "RGN|PK|Frontier Regions]] from the cantonment in [[Bannu|32.99,70.60|PPLA2]]."),
    ("cd052", "PK", "[[KHAR|34.73,71.52|PPLA3|PK|Khar]], [[Bajaur|34.78,71.50|ADM2]]: A bomb killed two people at a "
     "market. Police said the attackers fled to [[Inayat Kili|34.72,71.48]] near [[Khar|34.73,71.52|PPLA3]] and then "
     "towards [[Damadola|34.80,71.60]] in [[Bajaur|34.78,71.50|ADM2]]."),
    ("cd053", "AF", "Fighting was reported near [[Zangabad|31.50,65.55]] outside [[Kandahar|31.61,65.71|PPLA]], and "
     "in the village of [[Pashmul|31.56,65.43]], 25 km west of [[Kandahar|31.61,65.71|PPLA]]. Elders in "
     "[[Spin Boldak|31.01,66.40]] said the road stayed open."),
    ("cd054", "PS", "[[JENIN|32.46,35.30|PPLA|PS|Jenin]], [[West Bank|31.95,35.25|ADM1]]: Troops withdrew after a "
     "two-day raid. In the south, [[Gaza|31.42,34.36|ADM1|PS|Gaza Strip]] health officials said fuel was running out "
     "in every hospital."),
    ("cd055", "PS", "Aid agencies warned that [[Gaza|31.42,34.36|ADM1|PS|Gaza Strip]]'s 2.1 million residents faced "
     "famine, while shelling hit [[Beit Hanoun|31.54,34.54]] and [[Gaza City|31.50,34.47|PPLA]] overnight."),
    ("cd056", "SY", "[[IDLIB|35.93,36.63|PPLA|SY|Idlib]]: Airstrikes hit [[Kafr Lusin|36.20,36.66]], 30 km north of "
     "[[Idlib|35.93,36.63|PPLA]], where displaced families had set up tents along the border with "
     "[[Turkey|39.00,35.00|PCLI|TR]]."),
]


COMMENT = ("conflict-dev: written by the conflict-map team (sentences of our own in the style of conflict "
           "reporting); gold coordinates from general geographic knowledge / GeoNames where recalled, to about "
           "0.01-0.05 degree. A development set, not a test set. Generated by eval/make_conflict_dev.py.")


def main() -> int:
    """Write the XML and print how many articles and toponyms it holds."""
    return write(OUT, ARTICLES, COMMENT)


if __name__ == "__main__":
    raise SystemExit(main())
