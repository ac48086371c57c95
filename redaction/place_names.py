"""Towns an address ends with, for lower-case chat where no capital says where the street stops.

"16 pine glen s, apt 12b, chicago last week": in capitals the town is the capitalised word after the
comma; in lower case it is any word, so only a town from this list is taken when no state or ZIP
follows. The list is the largest US cities and the towns of the upper Midwest and the Southwest
(where the project's agencies are), with the short forms people text ("mpls", "stp"), and the cities
clients' families most often write from abroad (Vietnam, Korea) as they are typed unaccented, written down
from public knowledge; a town not on it simply stays readable, as it did before.
"""

from __future__ import annotations

_TOWNS = """
new york|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|san jose|austin
jacksonville|fort worth|columbus|charlotte|indianapolis|san francisco|seattle|denver|washington|nashville
oklahoma city|el paso|boston|portland|las vegas|detroit|memphis|louisville|baltimore|milwaukee|albuquerque
tucson|fresno|sacramento|kansas city|mesa|atlanta|omaha|colorado springs|raleigh|long beach|virginia beach
miami|oakland|minneapolis|tulsa|bakersfield|wichita|arlington|aurora|tampa|new orleans|cleveland|honolulu
anaheim|lexington|stockton|corpus christi|henderson|riverside|newark|saint paul|st paul|st. paul|santa ana
cincinnati|irvine|orlando|pittsburgh|st louis|st. louis|saint louis|greensboro|jersey city|anchorage
lincoln|plano|durham|buffalo|chandler|chula vista|toledo|madison|gilbert|reno|fort wayne|north las vegas
st petersburg|st. petersburg|lubbock|irving|laredo|winston salem|chesapeake|glendale|garland|scottsdale
norfolk|boise|fremont|spokane|santa clarita|baton rouge|richmond|hialeah|san bernardino|tacoma|modesto
huntsville|des moines|yonkers|rochester|moreno valley|fayetteville|fontana|columbus|worcester|port st lucie
little rock|augusta|oxnard|birmingham|montgomery|frisco|amarillo|salt lake city|grand rapids|huntington beach
overland park|grand prairie|tallahassee|cape coral|mckinney|mobile|knoxville|shreveport|worcester|ontario
vancouver|sioux falls|chattanooga|brownsville|fort lauderdale|providence|newport news|rancho cucamonga
santa rosa|peoria|oceanside|elk grove|salem|pembroke pines|eugene|garden grove|cary|fort collins|corona
springfield|jackson|alexandria|hayward|clarksville|lakewood|lancaster|salinas|palmdale|hollywood|springfield
macon|sunnyvale|pomona|killeen|escondido|pasadena|naperville|bellevue|joliet|murfreesboro|midland|rockford
paterson|savannah|bridgeport|torrance|mcallen|syracuse|surprise|denton|roseville|thornton|miramar|mesquite
olathe|dayton|carrollton|waco|orange|fullerton|charleston|west valley city|visalia|hampton|gainesville
warren|coral springs|cedar rapids|round rock|sterling heights|kent|columbia|santa clara|new haven|stamford
concord|elizabeth|athens|thousand oaks|lafayette|simi valley|topeka|norman|fargo|wilmington|abilene
odessa|pearland|victoria|hartford|vallejo|allentown|berkeley|richardson|arvada|ann arbor|cambridge
sugar land|lansing|evansville|college station|fairfield|clearwater|beaumont|independence|provo|west jordan
murrieta|palm bay|el monte|carlsbad|charleston|temecula|clovis|meridian|westminster|costa mesa|high point
manchester|pueblo|lakeland|pompano beach|west palm beach|antioch|everett|downey|lowell|centennial|elgin
broken arrow|miami gardens|billings|jurupa valley|sandy springs|gresham|lewisville|hillsboro|ventura
greeley|inglewood|waterbury|league city|santa maria|tyler|davie|daly city|boulder|allen|west covina
sparks|wichita falls|green bay|san mateo|norwalk|rialto|las cruces|chico|el cajon|burbank|south bend
renton|vista|davenport|edinburg|tuscaloosa|carmel|spokane valley|san angelo|vacaville|bend|duluth
minneapolis|mpls|st paul|stp|saint paul|bloomington|brooklyn park|brooklyn center|plymouth|st cloud
st. cloud|saint cloud|eagan|woodbury|maple grove|eden prairie|coon rapids|burnsville|blaine|lakeville
minnetonka|apple valley|edina|st louis park|st. louis park|moorhead|mankato|richfield|roseville|fridley
hopkins|crystal|new hope|golden valley|columbia heights|shakopee|cottage grove|inver grove heights
maplewood|andover|savage|ramsey|oakdale|chaska|prior lake|white bear lake|champlin|hastings|elk river
winona|owatonna|austin|faribault|northfield|red wing|willmar|bemidji|hibbing|brainerd|albert lea|anoka
west st paul|south st paul|new brighton|shoreview|stillwater|hutchinson|marshall|alexandria|fergus falls
virginia|grand rapids|cloquet|superior|eau claire|la crosse|oshkosh|appleton|kenosha|racine|waukesha
wauwatosa|west allis|janesville|sheboygan|wausau|fond du lac|brookfield|west bend|sioux city|dubuque
waterloo|council bluffs|ames|iowa city|bismarck|grand forks|minot|west fargo|rapid city|aberdeen
san marcos|new braunfels|seguin|kyle|schertz|converse|universal city|del rio|eagle pass|harlingen
albuquerque|santa fe|las cruces|rio rancho|farmington|gallup|flagstaff|window rock|shiprock|tuba city
kayenta|chinle|prescott|yuma|tempe|ciudad juarez|juarez
hanoi|ha noi|ho chi minh city|tp hcm|tp. hcm|hcmc|saigon|da nang|hue|can tho|seoul|busan|incheon|daegu
""".replace("\n", "|").split("|")

TOWNS: frozenset[str] = frozenset(t.strip() for t in _TOWNS if t.strip())
# (longest first, so "st louis park" is taken whole, not "st louis")
TOWN_ALT = "|".join(sorted((t.replace(".", r"\.") for t in TOWNS), key=len, reverse=True))
