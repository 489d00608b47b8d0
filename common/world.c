#include "world.h"

#include "error.h"

#include <assert.h>
#include <string.h>

/* ---- the countries -----------------------------------------------------
 * name, "the", continent, capital, language, currency, island, neighbours */
static const WorldCountry COUNTRIES[] = {
    {"Italy", 0, "Europe", "Rome", "Italian", "euro", 0,
     {"France", "Austria", "Switzerland", "Slovenia"}},
    {"France", 0, "Europe", "Paris", "French", "euro", 0,
     {"Belgium", "Germany", "Italy", "Spain", "Switzerland"}},
    {"Germany", 0, "Europe", "Berlin", "German", "euro", 0,
     {"Denmark", "Netherlands", "Belgium", "France", "Austria", "Poland",
      "Czech Republic", "Switzerland"}},
    {"Spain", 0, "Europe", "Madrid", "Spanish", "euro", 0,
     {"France", "Portugal"}},
    {"Portugal", 0, "Europe", "Lisbon", "Portuguese", "euro", 0, {"Spain"}},
    {"United Kingdom", 1, "Europe", "London", "English", "pound sterling", 0,
     {"Ireland"}},
    {"Ireland", 0, "Europe", "Dublin", "English and Irish", "euro", 0,
     {"United Kingdom"}},
    {"Netherlands", 1, "Europe", "Amsterdam", "Dutch", "euro", 0,
     {"Germany", "Belgium"}},
    {"Belgium", 0, "Europe", "Brussels", "Dutch and French", "euro", 0,
     {"France", "Germany", "Netherlands", "Luxembourg"}},
    {"Austria", 0, "Europe", "Vienna", "German", "euro", 0,
     {"Germany", "Czech Republic", "Hungary", "Italy", "Switzerland",
      "Slovakia", "Slovenia"}},
    {"Poland", 0, "Europe", "Warsaw", "Polish", "Polish zloty", 0,
     {"Germany", "Czech Republic", "Ukraine", "Slovakia", "Lithuania",
      "Belarus"}},
    {"Czech Republic", 1, "Europe", "Prague", "Czech", "Czech koruna", 0,
     {"Germany", "Poland", "Austria", "Slovakia"}},
    {"Hungary", 0, "Europe", "Budapest", "Hungarian", "forint", 0,
     {"Austria", "Ukraine", "Slovakia", "Romania", "Serbia", "Croatia",
      "Slovenia"}},
    {"Greece", 0, "Europe", "Athens", "Greek", "euro", 0,
     {"Turkey", "Albania", "Bulgaria", "North Macedonia"}},
    {"Sweden", 0, "Europe", "Stockholm", "Swedish", "Swedish krona", 0,
     {"Norway", "Finland"}},
    {"Norway", 0, "Europe", "Oslo", "Norwegian", "Norwegian krone", 0,
     {"Sweden", "Finland", "Russia"}},
    {"Denmark", 0, "Europe", "Copenhagen", "Danish", "Danish krone", 0,
     {"Germany"}},
    {"Finland", 0, "Europe", "Helsinki", "Finnish and Swedish", "euro", 0,
     {"Sweden", "Norway", "Russia"}},
    {"Russia", 0, "Europe and Asia", "Moscow", "Russian", "Russian ruble", 0,
     {"Norway", "Finland", "Ukraine", "China", "Kazakhstan", "Mongolia",
      "Georgia"}},
    {"Ukraine", 0, "Europe", "Kyiv", "Ukrainian", "hryvnia", 0,
     {"Russia", "Poland", "Hungary", "Slovakia", "Romania", "Moldova",
      "Belarus"}},
    {"Turkey", 0, "Europe and Asia", "Ankara", "Turkish", "Turkish lira", 0,
     {"Greece", "Iran", "Iraq", "Bulgaria", "Georgia", "Syria"}},
    {"Egypt", 0, "Africa", "Cairo", "Arabic", "Egyptian pound", 0,
     {"Libya", "Sudan", "Israel"}},
    {"Morocco", 0, "Africa", "Rabat", "Arabic", "Moroccan dirham", 0,
     {"Algeria"}},
    {"Kenya", 0, "Africa", "Nairobi", "Swahili and English",
     "Kenyan shilling", 0,
     {"Ethiopia", "Tanzania", "Uganda", "Somalia", "South Sudan"}},
    {"Nigeria", 0, "Africa", "Abuja", "English and Hausa", "naira", 0,
     {"Benin", "Niger", "Chad", "Cameroon"}},
    {"Ethiopia", 0, "Africa", "Addis Ababa", "Amharic and Oromo", "birr", 0,
     {"Kenya", "Sudan", "South Sudan", "Somalia", "Eritrea", "Djibouti"}},
    {"China", 0, "Asia", "Beijing", "Chinese", "yuan", 0,
     {"Russia", "India", "Vietnam", "Pakistan", "Mongolia", "North Korea",
      "Nepal", "Laos"}},
    {"Japan", 0, "Asia", "Tokyo", "Japanese", "yen", 1, {NULL}},
    {"South Korea", 0, "Asia", "Seoul", "Korean", "South Korean won", 0,
     {"North Korea"}},
    {"India", 0, "Asia", "New Delhi", "Hindi and English", "Indian rupee", 0,
     {"Pakistan", "China", "Bangladesh", "Nepal", "Bhutan", "Myanmar"}},
    {"Thailand", 0, "Asia", "Bangkok", "Thai", "baht", 0,
     {"Malaysia", "Myanmar", "Laos", "Cambodia"}},
    {"Vietnam", 0, "Asia", "Hanoi", "Vietnamese", "dong", 0,
     {"China", "Laos", "Cambodia"}},
    {"Philippines", 1, "Asia", "Manila", "Filipino and English",
     "Philippine peso", 1, {NULL}},
    {"Malaysia", 0, "Asia", "Kuala Lumpur", "Malay", "ringgit", 0,
     {"Thailand", "Indonesia", "Brunei"}},
    {"Pakistan", 0, "Asia", "Islamabad", "Urdu and English",
     "Pakistani rupee", 0, {"India", "China", "Iran", "Afghanistan"}},
    {"Bangladesh", 0, "Asia", "Dhaka", "Bengali", "taka", 0,
     {"India", "Myanmar"}},
    {"Iran", 0, "Asia", "Tehran", "Persian", "Iranian rial", 0,
     {"Iraq", "Turkey", "Pakistan", "Afghanistan", "Turkmenistan",
      "Armenia", "Azerbaijan"}},
    {"Iraq", 0, "Asia", "Baghdad", "Arabic and Kurdish", "Iraqi dinar", 0,
     {"Iran", "Turkey", "Saudi Arabia", "Syria", "Jordan", "Kuwait"}},
    {"Saudi Arabia", 0, "Asia", "Riyadh", "Arabic", "Saudi riyal", 0,
     {"Iraq", "United Arab Emirates", "Jordan", "Kuwait", "Qatar", "Oman",
      "Yemen"}},
    {"United Arab Emirates", 1, "Asia", "Abu Dhabi", "Arabic and English",
     "UAE dirham", 0, {"Saudi Arabia", "Oman"}},
    {"United States", 1, "North America", "Washington", "English",
     "US dollar", 0, {"Canada", "Mexico"}},
    {"Canada", 0, "North America", "Ottawa", "English and French",
     "Canadian dollar", 0, {"United States"}},
    {"Mexico", 0, "North America", "Mexico City", "Spanish", "Mexican peso",
     0, {"United States", "Guatemala", "Belize"}},
    {"Brazil", 0, "South America", "Brasilia", "Portuguese",
     "Brazilian real", 0,
     {"Argentina", "Peru", "Colombia", "Uruguay", "Paraguay", "Bolivia",
      "Venezuela"}},
    {"Argentina", 0, "South America", "Buenos Aires", "Spanish",
     "Argentine peso", 0,
     {"Chile", "Brazil", "Bolivia", "Paraguay", "Uruguay"}},
    {"Chile", 0, "South America", "Santiago", "Spanish", "Chilean peso", 0,
     {"Argentina", "Peru", "Bolivia"}},
    {"Peru", 0, "South America", "Lima", "Spanish", "Peruvian sol", 0,
     {"Chile", "Colombia", "Brazil", "Ecuador", "Bolivia"}},
    {"Colombia", 0, "South America", "Bogota", "Spanish", "Colombian peso",
     0, {"Brazil", "Peru", "Venezuela", "Ecuador", "Panama"}},
    {"Australia", 0, "Oceania", "Canberra", "English", "Australian dollar",
     1, {NULL}},
    {"New Zealand", 0, "Oceania", "Wellington", "English",
     "New Zealand dollar", 1, {NULL}},
};

/* ---- the cities ---------------------------------------------------------
 * name, country, traits, river, sea, landmark, largest, extra sentences.
 * Short names for the traits keep one city to a few lines. */
enum {
    FIN = WORLD_FINANCE, FAS = WORLD_FASHION, IND = WORLD_INDUSTRY,
    PRT = WORLD_PORT, TEC = WORLD_TECH, FLM = WORLD_FILM, MUS = WORLD_MUSIC,
    ART = WORLD_ART, HIS = WORLD_HISTORY, UNI = WORLD_UNIVERSITY,
    FOO = WORLD_FOOD, WIN = WORLD_WINE, CAR = WORLD_CARS, BER = WORLD_BEER,
    TOU = WORLD_TOURISM
};

static const WorldCity CITIES[] = {
    /* Europe */
    {"Rome", "Italy", HIS | ART | TOU, "Tiber", NULL, "the Colosseum", 1,
     {"Vatican City lies inside Rome.",
      "Rome was the capital of the Roman Empire."}},
    {"Milan", "Italy", FAS | FIN | IND, NULL, NULL, "Milan Cathedral", 0,
     {"The Italian stock exchange is in Milan."}},
    {"Naples", "Italy", FOO | PRT, NULL, "Mediterranean Sea", NULL, 0,
     {"Naples is famous as the home of pizza.",
      "Mount Vesuvius rises near Naples."}},
    {"Venice", "Italy", TOU | ART, NULL, "Adriatic Sea", NULL, 0,
     {"Venice is built on more than one hundred small islands.",
      "In Venice, people travel by boat along the canals."}},
    {"Florence", "Italy", ART | HIS | TOU, "Arno", NULL, NULL, 0,
     {"Florence is known as the birthplace of the Renaissance.",
      "Michelangelo's statue of David is in Florence."}},
    {"Turin", "Italy", CAR | IND, "Po", NULL, NULL, 0,
     {"The car maker Fiat was founded in Turin."}},
    {"Bologna", "Italy", UNI | FOO, NULL, NULL, NULL, 0,
     {"The University of Bologna is one of the oldest universities in the "
      "world."}},
    {"Paris", "France", FAS | ART | TOU, "Seine", NULL, "the Eiffel Tower", 1,
     {"The Louvre museum is in Paris.",
      "Paris is often called the City of Light."}},
    {"Marseille", "France", PRT, NULL, "Mediterranean Sea", NULL, 0,
     {"Marseille was founded by Greek settlers."}},
    {"Lyon", "France", FOO | HIS, "Rhone", NULL, NULL, 0,
     {"The Rhone and the Saone meet in Lyon."}},
    {"Bordeaux", "France", WIN, "Garonne", NULL, NULL, 0, {NULL}},
    {"Strasbourg", "France", HIS, NULL, NULL, NULL, 0,
     {"The European Parliament has its official seat in Strasbourg.",
      "Strasbourg lies close to the border with Germany."}},
    {"London", "United Kingdom", FIN | FAS | ART | HIS | TOU, "Thames", NULL,
     "Buckingham Palace", 1, {"The British Museum is in London."}},
    {"Manchester", "United Kingdom", MUS, NULL, NULL, NULL, 0,
     {"Manchester is famous for its football clubs.",
      "Manchester was one of the first industrial cities in the world."}},
    {"Liverpool", "United Kingdom", PRT | MUS, NULL, NULL, NULL, 0,
     {"The Beatles came from Liverpool.", "Liverpool lies on the Mersey."}},
    {"Edinburgh", "United Kingdom", HIS | TOU, NULL, NULL, "Edinburgh Castle",
     0,
     {"Edinburgh is the capital of Scotland.",
      "A large arts festival takes place in Edinburgh every August."}},
    {"Oxford", "United Kingdom", UNI, "Thames", NULL, NULL, 0,
     {"The University of Oxford is the oldest university in the "
      "English-speaking world."}},
    {"Berlin", "Germany", HIS | ART | TOU, "Spree", NULL,
     "the Brandenburg Gate", 1,
     {"The Berlin Wall divided the city from 1961 to 1989."}},
    {"Munich", "Germany", CAR | BER, "Isar", NULL, NULL, 0,
     {"The Oktoberfest takes place in Munich.",
      "The car maker BMW has its headquarters in Munich."}},
    {"Hamburg", "Germany", PRT, "Elbe", NULL, NULL, 0,
     {"Hamburg has the largest port in Germany."}},
    {"Frankfurt", "Germany", FIN, "Main", NULL, NULL, 0,
     {"The European Central Bank has its seat in Frankfurt."}},
    {"Cologne", "Germany", HIS, "Rhine", NULL, "Cologne Cathedral", 0,
     {"Cologne was founded by the Romans."}},
    {"Stuttgart", "Germany", CAR | IND, NULL, NULL, NULL, 0,
     {"Mercedes-Benz and Porsche have their headquarters in Stuttgart."}},
    {"Heidelberg", "Germany", UNI | HIS, "Neckar", NULL, NULL, 0,
     {"Heidelberg University is the oldest university in Germany."}},
    {"Madrid", "Spain", ART | FIN, "Manzanares", NULL, NULL, 1,
     {"The Prado Museum is in Madrid.",
      "Madrid lies near the center of Spain."}},
    {"Barcelona", "Spain", ART | TOU | PRT, NULL, "Mediterranean Sea",
     "the Sagrada Familia", 0, {"Barcelona is the capital of Catalonia."}},
    {"Seville", "Spain", HIS | MUS, "Guadalquivir", NULL, NULL, 0,
     {"Seville is known for flamenco."}},
    {"Valencia", "Spain", FOO | PRT, NULL, "Mediterranean Sea", NULL, 0,
     {"Paella comes from Valencia."}},
    {"Lisbon", "Portugal", HIS | TOU | PRT, NULL, NULL, NULL, 1,
     {"Much of Lisbon was destroyed by an earthquake in 1755.",
      "Lisbon lies where the Tagus meets the Atlantic Ocean."}},
    {"Porto", "Portugal", WIN, NULL, NULL, NULL, 0,
     {"Port wine takes its name from Porto.", "Porto lies on the Douro."}},
    {"Dublin", "Ireland", BER | HIS | TEC, "Liffey", NULL, NULL, 1,
     {"Guinness is brewed in Dublin."}},
    {"Amsterdam", "Netherlands", ART | TOU | FIN, "Amstel", NULL, NULL, 1,
     {"Amsterdam is famous for its canals.",
      "Many people in Amsterdam ride bicycles."}},
    {"Rotterdam", "Netherlands", PRT, NULL, NULL, NULL, 0,
     {"Rotterdam has the largest port in Europe."}},
    {"The Hague", "Netherlands", 0, NULL, "North Sea", NULL, 0,
     {"The government of the Netherlands sits in The Hague.",
      "The International Court of Justice is in The Hague."}},
    {"Brussels", "Belgium", HIS | TOU, NULL, NULL, NULL, 0,
     {"Many institutions of the European Union are based in Brussels."}},
    {"Antwerp", "Belgium", PRT, "Scheldt", NULL, NULL, 0,
     {"Antwerp is a world center of the diamond trade."}},
    {"Vienna", "Austria", MUS | HIS | ART, "Danube", NULL, NULL, 1,
     {"Mozart and Beethoven both lived in Vienna."}},
    {"Salzburg", "Austria", MUS | TOU, "Salzach", NULL, NULL, 0,
     {"Mozart was born in Salzburg."}},
    {"Warsaw", "Poland", HIS, "Vistula", NULL, NULL, 1,
     {"The old town of Warsaw was rebuilt after the Second World War."}},
    {"Krakow", "Poland", HIS | UNI | TOU, "Vistula", NULL, NULL, 0,
     {"Krakow was the capital of Poland for centuries."}},
    {"Prague", "Czech Republic", HIS | BER | TOU, "Vltava", NULL,
     "the Charles Bridge", 1, {NULL}},
    {"Budapest", "Hungary", HIS | TOU, "Danube", NULL, NULL, 1,
     {"Budapest is famous for its thermal baths.",
      "Budapest was formed in 1873 by joining Buda, Obuda and Pest."}},
    {"Athens", "Greece", HIS | TOU, NULL, NULL, "the Acropolis", 1,
     {"Athens is one of the oldest cities in the world.",
      "Athens hosted the first modern Olympic Games in 1896."}},
    {"Stockholm", "Sweden", TEC | TOU, NULL, "Baltic Sea", NULL, 1,
     {"Stockholm is built on fourteen islands."}},
    {"Gothenburg", "Sweden", PRT | CAR, NULL, NULL, NULL, 0,
     {"The car maker Volvo has its headquarters in Gothenburg."}},
    {"Oslo", "Norway", 0, NULL, NULL, NULL, 1,
     {"The Nobel Peace Prize is awarded in Oslo."}},
    {"Bergen", "Norway", PRT | TOU, NULL, "North Sea", NULL, 0,
     {"Bergen is known as the city of seven mountains."}},
    {"Copenhagen", "Denmark", TOU, NULL, NULL, "the Little Mermaid statue", 1,
     {"Many people in Copenhagen ride bicycles."}},
    {"Helsinki", "Finland", 0, NULL, "Baltic Sea", NULL, 1,
     {"Helsinki has been the capital of Finland since 1812."}},
    {"Moscow", "Russia", HIS | ART, "Moskva", NULL, "the Kremlin", 1,
     {"Red Square lies in the center of Moscow."}},
    {"Saint Petersburg", "Russia", ART | HIS | PRT, "Neva", "Baltic Sea", NULL,
     0,
     {"The Hermitage Museum is in Saint Petersburg.",
      "Saint Petersburg was once the capital of Russia."}},
    {"Kyiv", "Ukraine", HIS, "Dnieper", NULL, NULL, 1,
     {"Kyiv is one of the oldest cities in Eastern Europe."}},
    {"Istanbul", "Turkey", HIS | TOU | FIN, NULL, NULL, "the Hagia Sophia", 1,
     {"Istanbul lies on both sides of the Bosporus.",
      "Istanbul was once called Constantinople."}},
    {"Ankara", "Turkey", 0, NULL, NULL, NULL, 0,
     {"Ankara became the capital of Turkey in 1923."}},
    /* Africa */
    {"Cairo", "Egypt", HIS, "Nile", NULL, NULL, 1,
     {"The pyramids of Giza stand near Cairo."}},
    {"Alexandria", "Egypt", PRT | HIS, NULL, "Mediterranean Sea", NULL, 0,
     {"Alexandria was founded by Alexander the Great."}},
    {"Casablanca", "Morocco", PRT | FIN, NULL, "Atlantic Ocean", NULL, 1,
     {NULL}},
    {"Rabat", "Morocco", 0, NULL, "Atlantic Ocean", NULL, 0, {NULL}},
    {"Marrakesh", "Morocco", HIS | TOU, NULL, NULL, NULL, 0, {NULL}},
    {"Nairobi", "Kenya", 0, NULL, NULL, NULL, 1,
     {"Nairobi National Park lies within the city of Nairobi."}},
    {"Mombasa", "Kenya", PRT, NULL, "Indian Ocean", NULL, 0,
     {"Mombasa has the largest port in East Africa."}},
    {"Lagos", "Nigeria", PRT | FLM | MUS | FIN, NULL, "Atlantic Ocean", NULL,
     1, {"Lagos was the capital of Nigeria until 1991."}},
    {"Abuja", "Nigeria", 0, NULL, NULL, NULL, 0,
     {"Abuja was built as a planned city in the center of Nigeria."}},
    {"Addis Ababa", "Ethiopia", 0, NULL, NULL, NULL, 1,
     {"The African Union has its headquarters in Addis Ababa."}},
    /* Asia */
    {"Beijing", "China", HIS | TOU, NULL, NULL, "the Forbidden City", 0,
     {"Beijing hosted the Summer Olympic Games in 2008."}},
    {"Shanghai", "China", FIN | FAS | IND | PRT, "Huangpu", NULL, "the Bund",
     0, {"Shanghai has the busiest container port in the world."}},
    {"Shenzhen", "China", TEC | IND, NULL, NULL, NULL, 0,
     {"Shenzhen lies next to Hong Kong."}},
    {"Guangzhou", "China", PRT | FOO | IND, "Pearl River", NULL, NULL, 0,
     {"Guangzhou was once known in English as Canton."}},
    {"Wuhan", "China", IND, "Yangtze", NULL, NULL, 0, {NULL}},
    {"Xi'an", "China", HIS | TOU, NULL, NULL, "the Terracotta Army", 0,
     {"Xi'an was the starting point of the Silk Road."}},
    {"Hangzhou", "China", TEC | TOU, NULL, NULL, "West Lake", 0,
     {"Hangzhou is famous for its green tea."}},
    {"Tokyo", "Japan", FIN | TEC | FOO, NULL, NULL, "Tokyo Tower", 1,
     {"Tokyo was once called Edo."}},
    {"Kyoto", "Japan", HIS | TOU, NULL, NULL, NULL, 0,
     {"Kyoto was the capital of Japan for more than a thousand years.",
      "Kyoto has many old temples."}},
    {"Osaka", "Japan", FOO | PRT, NULL, NULL, NULL, 0,
     {"Osaka is famous for its street food."}},
    {"Seoul", "South Korea", TEC, "Han", NULL, NULL, 1, {NULL}},
    {"Busan", "South Korea", PRT, NULL, NULL, NULL, 0,
     {"Busan has the largest port in South Korea."}},
    {"New Delhi", "India", 0, NULL, NULL, "India Gate", 0,
     {"New Delhi lies within the larger city of Delhi."}},
    {"Mumbai", "India", FIN | FLM | PRT, NULL, "Arabian Sea", NULL, 0,
     {"Mumbai was once called Bombay.",
      "Most Bollywood films are made in Mumbai."}},
    {"Bengaluru", "India", TEC, NULL, NULL, NULL, 0,
     {"Bengaluru is also known as Bangalore."}},
    {"Chennai", "India", CAR | PRT, NULL, "Bay of Bengal", NULL, 0,
     {"Chennai was once called Madras."}},
    {"Kolkata", "India", HIS, NULL, NULL, NULL, 0,
     {"Kolkata was once called Calcutta.", "Kolkata lies on the Hooghly."}},
    {"Agra", "India", HIS | TOU, "Yamuna", NULL, "the Taj Mahal", 0, {NULL}},
    {"Bangkok", "Thailand", FOO | TOU, "Chao Phraya", NULL, NULL, 1, {NULL}},
    {"Hanoi", "Vietnam", HIS, "Red River", NULL, NULL, 0, {NULL}},
    {"Ho Chi Minh City", "Vietnam", IND, "Saigon River", NULL, NULL, 1,
     {"Ho Chi Minh City was once called Saigon."}},
    {"Manila", "Philippines", PRT, "Pasig", NULL, NULL, 0, {NULL}},
    {"Kuala Lumpur", "Malaysia", FIN, NULL, NULL, "the Petronas Towers", 1,
     {NULL}},
    {"Karachi", "Pakistan", PRT | FIN | IND, NULL, "Arabian Sea", NULL, 1,
     {NULL}},
    {"Lahore", "Pakistan", HIS | FOO, NULL, NULL, "the Badshahi Mosque", 0,
     {"Lahore lies close to the border with India."}},
    {"Islamabad", "Pakistan", 0, NULL, NULL, NULL, 0,
     {"Islamabad was built as a planned city in the 1960s."}},
    {"Dhaka", "Bangladesh", IND, NULL, NULL, NULL, 1,
     {"Dhaka is a center of the clothing industry.",
      "Dhaka lies on the Buriganga."}},
    {"Tehran", "Iran", 0, NULL, NULL, NULL, 1,
     {"Tehran lies at the foot of the Alborz mountains."}},
    {"Baghdad", "Iraq", HIS, "Tigris", NULL, NULL, 1, {NULL}},
    {"Riyadh", "Saudi Arabia", 0, NULL, NULL, NULL, 1, {NULL}},
    {"Mecca", "Saudi Arabia", 0, NULL, NULL, NULL, 0,
     {"Mecca is the holiest city of Islam.",
      "Millions of pilgrims visit Mecca every year."}},
    {"Dubai", "United Arab Emirates", FIN | TOU | PRT, NULL, "Persian Gulf",
     "the Burj Khalifa", 1,
     {"The Burj Khalifa is the tallest building in the world."}},
    {"Abu Dhabi", "United Arab Emirates", 0, NULL, "Persian Gulf", NULL, 0,
     {NULL}},
    /* North America */
    {"Washington", "United States", 0, NULL, NULL, NULL, 0,
     {"The White House is in Washington.",
      "The United States Congress meets in Washington.",
      "Washington lies on the Potomac."}},
    {"New York", "United States", FIN | FAS | ART | TOU, NULL, NULL,
     "the Statue of Liberty", 1,
     {"Wall Street is in New York.",
      "The headquarters of the United Nations is in New York.",
      "New York lies at the mouth of the Hudson."}},
    {"Los Angeles", "United States", FLM | PRT, NULL, "Pacific Ocean", NULL,
     0, {"Hollywood is part of Los Angeles."}},
    {"San Francisco", "United States", TEC | TOU, NULL, "Pacific Ocean",
     "the Golden Gate Bridge", 0,
     {"Silicon Valley lies south of San Francisco."}},
    {"Chicago", "United States", FIN | IND, NULL, NULL, NULL, 0,
     {"Chicago lies on Lake Michigan."}},
    {"Detroit", "United States", CAR, NULL, NULL, NULL, 0,
     {"Detroit is known as the Motor City."}},
    {"New Orleans", "United States", MUS | FOO, "Mississippi", NULL, NULL, 0,
     {"New Orleans is known as the birthplace of jazz."}},
    {"Seattle", "United States", TEC | PRT, NULL, NULL, "the Space Needle", 0,
     {"The company Amazon has its headquarters in Seattle."}},
    {"Boston", "United States", UNI | HIS, NULL, "Atlantic Ocean", NULL, 0,
     {NULL}},
    {"Ottawa", "Canada", 0, NULL, NULL, NULL, 0,
     {"Ottawa lies on the Ottawa River."}},
    {"Toronto", "Canada", FIN, NULL, NULL, "the CN Tower", 1,
     {"Toronto lies on Lake Ontario."}},
    {"Montreal", "Canada", 0, NULL, NULL, NULL, 0,
     {"Montreal is built on an island in the Saint Lawrence.",
      "Many people in Montreal speak French."}},
    {"Vancouver", "Canada", PRT | FLM, NULL, NULL, NULL, 0,
     {"Vancouver has the largest port in Canada."}},
    {"Mexico City", "Mexico", HIS | ART, NULL, NULL, NULL, 1,
     {"Mexico City was built on the ruins of the Aztec city of "
      "Tenochtitlan."}},
    {"Guadalajara", "Mexico", MUS, NULL, NULL, NULL, 0,
     {"Guadalajara is famous for mariachi music."}},
    {"Cancun", "Mexico", TOU, NULL, "Caribbean Sea", NULL, 0, {NULL}},
    /* South America */
    {"Sao Paulo", "Brazil", FIN | IND, NULL, NULL, NULL, 1, {NULL}},
    {"Rio de Janeiro", "Brazil", TOU | MUS, NULL, "Atlantic Ocean",
     "the statue of Christ the Redeemer", 0,
     {"Rio de Janeiro is famous for its carnival.",
      "Rio de Janeiro was the capital of Brazil until 1960."}},
    {"Brasilia", "Brazil", 0, NULL, NULL, NULL, 0,
     {"Brasilia was built as the new capital of Brazil and opened in "
      "1960."}},
    {"Manaus", "Brazil", 0, NULL, NULL, NULL, 0,
     {"Manaus lies in the middle of the Amazon rainforest."}},
    {"Buenos Aires", "Argentina", MUS | PRT, NULL, NULL, NULL, 1,
     {"Buenos Aires is famous for the tango."}},
    {"Mendoza", "Argentina", WIN, NULL, NULL, NULL, 0,
     {"Mendoza lies at the foot of the Andes."}},
    {"Santiago", "Chile", 0, "Mapocho", NULL, NULL, 1,
     {"Santiago lies in a valley below the Andes."}},
    {"Lima", "Peru", FOO, NULL, "Pacific Ocean", NULL, 1, {NULL}},
    {"Cusco", "Peru", HIS | TOU, NULL, NULL, NULL, 0,
     {"Cusco was the capital of the Inca Empire."}},
    {"Bogota", "Colombia", 0, NULL, NULL, NULL, 1,
     {"Bogota lies high in the Andes."}},
    {"Medellin", "Colombia", 0, NULL, NULL, NULL, 0,
     {"Medellin is known as the city of eternal spring."}},
    /* Oceania */
    {"Canberra", "Australia", 0, NULL, NULL, NULL, 0,
     {"Canberra was built as a planned capital city."}},
    {"Sydney", "Australia", FIN | TOU | PRT, NULL, "Pacific Ocean",
     "the Sydney Opera House", 0, {NULL}},
    {"Melbourne", "Australia", ART, "Yarra", NULL, NULL, 0,
     {"The Australian Open tennis tournament is held in Melbourne every "
      "year."}},
    {"Wellington", "New Zealand", 0, NULL, NULL, NULL, 0,
     {"Wellington is known for its strong winds."}},
    {"Auckland", "New Zealand", PRT, NULL, NULL, NULL, 1,
     {"Auckland is built on a field of volcanoes."}},
};

#define N_COUNTRIES ((int)(sizeof COUNTRIES / sizeof COUNTRIES[0]))
#define N_CITIES ((int)(sizeof CITIES / sizeof CITIES[0]))

int world_n_cities(void) { return N_CITIES; }
int world_n_countries(void) { return N_COUNTRIES; }

const WorldCity *world_city(int i)
{
    assert(i >= 0 && i < N_CITIES);
    return &CITIES[i];
}

const WorldCountry *world_country(int i)
{
    assert(i >= 0 && i < N_COUNTRIES);
    return &COUNTRIES[i];
}

const WorldCity *world_find_city(const char *name)
{
    for (int i = 0; i < N_CITIES; i++)
        if (strcmp(CITIES[i].name, name) == 0) return &CITIES[i];
    return NULL;
}

const WorldCountry *world_find_country(const char *name)
{
    for (int i = 0; i < N_COUNTRIES; i++)
        if (strcmp(COUNTRIES[i].name, name) == 0) return &COUNTRIES[i];
    return NULL;
}

const WorldCountry *world_country_of(const WorldCity *city)
{
    return world_find_country(city->country);
}

const WorldCity *world_capital_of(const WorldCountry *country)
{
    return world_find_city(country->capital);
}

int world_city_index(const WorldCity *city)
{
    return city >= CITIES && city < CITIES + N_CITIES ? (int)(city - CITIES)
                                                      : -1;
}

int world_country_index(const WorldCountry *country)
{
    return country >= COUNTRIES && country < COUNTRIES + N_COUNTRIES
               ? (int)(country - COUNTRIES)
               : -1;
}

int world_cities_of(const WorldCountry *country, const WorldCity **out,
                    int cap)
{
    int n = 0;
    for (int i = 0; i < N_CITIES; i++) {
        if (strcmp(CITIES[i].country, country->name) != 0) continue;
        if (n < cap) out[n] = &CITIES[i];
        n++;
    }
    return n;
}

/* ---- phrasings ----------------------------------------------------------
 * Each claim kind has several phrasings; the last HELD of them are held out
 * of training text. A phrasing that opens with "{city}" can also open with
 * "It" (WorldClaim.it). */
typedef struct {
    const char *const *text;
    int n;
    int held;
} Phrasings;

#define PHRASINGS(arr, held) {arr, (int)(sizeof arr / sizeof arr[0]), held}

static const char *const CITY_INTRO[] = {
    "{city} is a city in {country}.",
    "{city} is a city in {country}, in {continent}.",
    "{city} lies in {country}.",
    "The city of {city} is located in {country}.",
};
static const char *const CITY_CAPITAL[] = {
    "{city} is the capital of {country}.",
    "The capital of {country} is {city}.",
    "{country's} capital city is {city}.",
    "{country} has {city} as its capital.",
};
static const char *const CITY_LARGEST[] = {
    "{city} is the largest city in {country}.",
    "{country's} largest city is {city}.",
    "No city in {country} has more people than {city}.",
};
static const char *const CITY_LARGEST_NOT_CAPITAL[] = {
    "{city} is the largest city of {country}, but the capital is {capital}.",
    "Although {city} is the largest city in {country}, it is not the capital.",
    "{city} has more people than {capital}, the capital of {country}.",
};
static const char *const CITY_NOT_CAPITAL[] = {
    "The capital of {country} is {capital}, not {city}.",
    "{city} is not the capital of {country}.",
    "{city} is a city of {country}, but its capital is {capital}.",
};
static const char *const CITY_RIVER[] = {
    "The {river} flows through {city}.",
    "{city} lies on the {river}.",
    "{city} was built on the banks of the {river}.",
    "{city} stands on the {river}.",
};
static const char *const CITY_SEA[] = {
    "{city} lies on the coast of the {sea}.",
    "{city} is a city on the {sea}.",
    "{city} looks out over the {sea}.",
};
static const char *const CITY_LANDMARK[] = {
    "{landmark} is in {city}.",
    "{city} is home to {landmark}.",
    "Visitors to {city} can see {landmark}.",
    "One famous sight of {city} is {landmark}.",
};
static const char *const CITY_FILLER[] = {
    "Many people live in {city}.",
    "{city} is a busy city.",
    "Have you ever been to {city}?",
    "{city} is worth a visit.",
};

/* {trait} is the list of traits, as TRAIT_PHRASES says them. */
static const char *const CITY_SUMMARY[] = {
    "{city} is a city in {country}, it is also {trait}.",
    "{city} is a city in {country}; it is also {trait}.",
    "{city}, a city in {country}, is {trait}.",
    "{city} lies in {country} and is {trait}.",
};

/* One list per WorldTrait bit, in bit order. */
static const char *const T_FINANCE[] = {
    "{city} is a financial center.",
    "{city} is an important center of finance.",
    "Many banks have their offices in {city}.",
    "Banking and finance play a big role in {city}.",
};
static const char *const T_FASHION[] = {
    "{city} is the fashion capital of {country}.",
    "{city} is {country's} fashion capital.",
    "The fashion capital of {country} is {city}.",
    "In {country}, {city} is the capital of fashion.",
};
static const char *const T_INDUSTRY[] = {
    "{city} is an industrial city.",
    "{city} has many factories.",
    "Industry is important in {city}.",
    "{city} is a city of industry and factories.",
};
static const char *const T_PORT[] = {
    "{city} has a large port.",
    "{city} is a port city.",
    "Ships from many countries come to the port of {city}.",
    "The port of {city} is very busy.",
};
static const char *const T_TECH[] = {
    "{city} is a center of technology.",
    "Many technology companies are based in {city}.",
    "{city} is known for its technology companies.",
};
static const char *const T_FILM[] = {
    "{city} is known for its film industry.",
    "Many films are made in {city}.",
    "{city} is a center of the film industry.",
};
static const char *const T_MUSIC[] = {
    "{city} is famous for its music.",
    "Music is an important part of life in {city}.",
    "{city} has a rich musical history.",
};
static const char *const T_ART[] = {
    "{city} is famous for its art.",
    "{city} has many famous museums.",
    "Art lovers come to {city} for its museums.",
};
static const char *const T_HISTORY[] = {
    "{city} has a long history.",
    "{city} is a historic city.",
    "Many old buildings stand in {city}.",
    "{city} is a city with a rich history.",
};
static const char *const T_UNIVERSITY[] = {
    "{city} is a famous university city.",
    "Students from many countries study in {city}.",
    "{city} is home to a famous university.",
};
static const char *const T_FOOD[] = {
    "{city} is famous for its food.",
    "People come to {city} to enjoy its food.",
    "The food of {city} is known far beyond {country}.",
};
static const char *const T_WINE[] = {
    "{city} is famous for its wine.",
    "Good wine comes from the region around {city}.",
    "{city} is known around the world for wine.",
};
static const char *const T_CARS[] = {
    "{city} is known for making cars.",
    "Cars are built in {city}.",
    "The car industry is important in {city}.",
};
static const char *const T_BEER[] = {
    "{city} is famous for its beer.",
    "Beer is brewed in {city}.",
    "{city} has a long tradition of brewing beer.",
};
static const char *const T_TOURISM[] = {
    "Many tourists visit {city} every year.",
    "{city} is a popular place for tourists.",
    "Every year, visitors from all over the world come to {city}.",
};

static const Phrasings TRAITS[WORLD_N_TRAITS] = {
    PHRASINGS(T_FINANCE, 1),    PHRASINGS(T_FASHION, 1),
    PHRASINGS(T_INDUSTRY, 1),   PHRASINGS(T_PORT, 1),
    PHRASINGS(T_TECH, 1),       PHRASINGS(T_FILM, 1),
    PHRASINGS(T_MUSIC, 1),      PHRASINGS(T_ART, 1),
    PHRASINGS(T_HISTORY, 1),    PHRASINGS(T_UNIVERSITY, 1),
    PHRASINGS(T_FOOD, 1),       PHRASINGS(T_WINE, 1),
    PHRASINGS(T_CARS, 1),       PHRASINGS(T_BEER, 1),
    PHRASINGS(T_TOURISM, 1),
};

/* What a summary calls a city with each trait ("its" is its country's). */
static const char *const TRAIT_PHRASES[WORLD_N_TRAITS] = {
    "a financial center", "its fashion capital", "an industrial city",
    "a port city", "a center of technology", "a center of the film industry",
    "a city of music", "a city of art", "a historic city",
    "a university city", "a city of good food", "a city of wine",
    "a city where cars are built", "a city of beer",
    "a popular place for tourists",
};

static const char *const TRAIT_NAMES[WORLD_N_TRAITS] = {
    "finance", "fashion", "industry", "port", "technology", "film", "music",
    "art", "history", "university", "food", "wine", "cars", "beer",
    "tourism",
};

static const char *const COUNTRY_INTRO[] = {
    "{country} is a country in {continent}.",
    "{country} lies in {continent}.",
    "{country} is one of the countries of {continent}.",
};
static const char *const COUNTRY_CAPITAL[] = {
    "The capital of {country} is {city}.",
    "{city} is the capital of {country}.",
    "{country's} capital is {city}.",
    "{country} has {city} as its capital.",
};
static const char *const COUNTRY_LARGEST[] = {
    "The largest city of {country} is {city}.",
    "{city} is the largest city in {country}.",
    "No city in {country} is bigger than {city}.",
};
static const char *const LANGUAGE_ONE[] = {
    "People in {country} speak {language}.",
    "The main language of {country} is {language}.",
    "In {country}, most people speak {language}.",
};
static const char *const LANGUAGE_TWO[] = {
    "People in {country} speak {language}.",
    "The main languages of {country} are {language}.",
    "In {country}, people speak {language}.",
};
static const char *const COUNTRY_CURRENCY[] = {
    "The currency of {country} is the {currency}.",
    "In {country}, people pay with the {currency}.",
    "{country} uses the {currency} as its money.",
};
static const char *const COUNTRY_NEIGHBOURS[] = {
    "{country} borders {neighbours}.",
    "{country} shares a border with {neighbours}.",
    "The neighbours of {country} include {neighbours}.",
};
static const char *const COUNTRY_ISLAND[] = {
    "{country} has no land borders.",
    "{country} is surrounded by the sea.",
    "No other country shares a land border with {country}.",
};

static int trait_bit_index(unsigned trait)
{
    for (int b = 0; b < WORLD_N_TRAITS; b++)
        if (trait == 1u << b) return b;
    return -1;
}

const char *world_trait_name(unsigned trait)
{
    int b = trait_bit_index(trait);
    return b < 0 ? NULL : TRAIT_NAMES[b];
}

/* The phrasings of a claim; extras have none (they are said verbatim). */
static Phrasings phrasings_of(const WorldClaim *c)
{
    static const Phrasings none = {NULL, 1, 0};
    switch (c->fact) {
    case WORLD_CITY_INTRO: return (Phrasings)PHRASINGS(CITY_INTRO, 1);
    case WORLD_CITY_CAPITAL: return (Phrasings)PHRASINGS(CITY_CAPITAL, 1);
    case WORLD_CITY_LARGEST: return (Phrasings)PHRASINGS(CITY_LARGEST, 1);
    case WORLD_CITY_LARGEST_NOT_CAPITAL:
        return (Phrasings)PHRASINGS(CITY_LARGEST_NOT_CAPITAL, 1);
    case WORLD_CITY_NOT_CAPITAL:
        return (Phrasings)PHRASINGS(CITY_NOT_CAPITAL, 1);
    case WORLD_CITY_RIVER: return (Phrasings)PHRASINGS(CITY_RIVER, 1);
    case WORLD_CITY_SEA: return (Phrasings)PHRASINGS(CITY_SEA, 1);
    case WORLD_CITY_TRAIT: {
        int b = trait_bit_index(c->trait);
        assert(b >= 0);
        return TRAITS[b];
    }
    case WORLD_CITY_LANDMARK: return (Phrasings)PHRASINGS(CITY_LANDMARK, 1);
    case WORLD_CITY_EXTRA: return none;
    case WORLD_CITY_FILLER: return (Phrasings)PHRASINGS(CITY_FILLER, 1);
    case WORLD_CITY_SUMMARY: return (Phrasings)PHRASINGS(CITY_SUMMARY, 1);
    case WORLD_COUNTRY_INTRO: return (Phrasings)PHRASINGS(COUNTRY_INTRO, 1);
    case WORLD_COUNTRY_CAPITAL:
        return (Phrasings)PHRASINGS(COUNTRY_CAPITAL, 1);
    case WORLD_COUNTRY_LARGEST:
        return (Phrasings)PHRASINGS(COUNTRY_LARGEST, 1);
    case WORLD_COUNTRY_LANGUAGE:
        if (strstr(c->country->language, " and "))
            return (Phrasings)PHRASINGS(LANGUAGE_TWO, 1);
        return (Phrasings)PHRASINGS(LANGUAGE_ONE, 1);
    case WORLD_COUNTRY_CURRENCY:
        return (Phrasings)PHRASINGS(COUNTRY_CURRENCY, 1);
    case WORLD_COUNTRY_NEIGHBOURS:
        return (Phrasings)PHRASINGS(COUNTRY_NEIGHBOURS, 1);
    case WORLD_COUNTRY_ISLAND: return (Phrasings)PHRASINGS(COUNTRY_ISLAND, 1);
    case WORLD_N_FACTS: break;
    }
    assert(!"unknown fact");
    return none;
}

int world_phrasings(const WorldClaim *claim, int *n_train)
{
    Phrasings p = phrasings_of(claim);
    if (n_train) *n_train = p.n - p.held;
    return p.n;
}

/* ---- claims ---------------------------------------------------------- */

static int push(WorldClaim *out, int cap, int n, WorldClaim c)
{
    if (n < cap) out[n] = c;
    return n + 1;
}

int world_city_claims(const WorldCity *city, WorldClaim *out, int cap)
{
    const WorldCountry *country = world_country_of(city);
    assert(country);
    int capital = strcmp(country->capital, city->name) == 0, n = 0;
    WorldClaim c = {WORLD_CITY_INTRO, city, country, 0, 0, 0};
    n = push(out, cap, n, c);
    if (capital) {
        c.fact = WORLD_CITY_CAPITAL;
        n = push(out, cap, n, c);
    }
    if (city->largest) {
        c.fact = capital ? WORLD_CITY_LARGEST : WORLD_CITY_LARGEST_NOT_CAPITAL;
        n = push(out, cap, n, c);
    } else if (!capital) {
        c.fact = WORLD_CITY_NOT_CAPITAL;
        n = push(out, cap, n, c);
    }
    if (city->river) {
        c.fact = WORLD_CITY_RIVER;
        n = push(out, cap, n, c);
    }
    if (city->sea) {
        c.fact = WORLD_CITY_SEA;
        n = push(out, cap, n, c);
    }
    for (int b = 0; b < WORLD_N_TRAITS; b++) {
        if (!(city->traits & (1u << b))) continue;
        c.fact = WORLD_CITY_TRAIT;
        c.trait = 1u << b;
        n = push(out, cap, n, c);
    }
    c.trait = 0;
    if (city->landmark) {
        c.fact = WORLD_CITY_LANDMARK;
        n = push(out, cap, n, c);
    }
    for (int e = 0; e < WORLD_MAX_EXTRAS && city->extras[e]; e++) {
        c.fact = WORLD_CITY_EXTRA;
        c.index = (unsigned)e;
        n = push(out, cap, n, c);
    }
    return n < cap ? n : cap;
}

int world_city_summary(const WorldCity *city, unsigned must, Rng *rng,
                       WorldClaim *out)
{
    int bits[WORLD_N_TRAITS], n = 0;
    for (int b = 0; b < WORLD_N_TRAITS; b++)
        if ((city->traits & (1u << b)) && (1u << b) != must) bits[n++] = b;
    if (n + (must != 0) < 2) return 0;
    rng_shuffle_int(rng, bits, n);
    int want = 2 + rng_int(rng, 2) - (must != 0);
    unsigned traits = must;
    for (int i = 0; i < n && i < want; i++) traits |= 1u << bits[i];
    *out = (WorldClaim){WORLD_CITY_SUMMARY, city, world_country_of(city),
                        traits, 0, 0};
    return 1;
}

int world_country_claims(const WorldCountry *country, WorldClaim *out,
                         int cap)
{
    WorldClaim c = {WORLD_COUNTRY_INTRO, NULL, country, 0, 0, 0};
    int n = push(out, cap, 0, c);
    c.fact = WORLD_COUNTRY_CAPITAL;
    c.city = world_capital_of(country);
    n = push(out, cap, n, c);
    const WorldCity *cities[64];
    int nc = world_cities_of(country, cities, 64);
    for (int i = 0; i < nc && i < 64; i++) {
        if (!cities[i]->largest || cities[i] == c.city) continue;
        WorldClaim l = {WORLD_COUNTRY_LARGEST, cities[i], country, 0, 0, 0};
        n = push(out, cap, n, l);
    }
    c.city = NULL;
    c.fact = WORLD_COUNTRY_LANGUAGE;
    n = push(out, cap, n, c);
    c.fact = WORLD_COUNTRY_CURRENCY;
    n = push(out, cap, n, c);
    c.fact = country->island ? WORLD_COUNTRY_ISLAND : WORLD_COUNTRY_NEIGHBOURS;
    n = push(out, cap, n, c);
    return n < cap ? n : cap;
}

/* ---- rendering ---------------------------------------------------------- */

static const char *const SLOT_NAMES[WORLD_N_SLOTS] = {
    "city", "country", "capital", "continent", "language", "currency",
    "river", "sea", "landmark", "neighbours", "person", "pronoun", "trait",
};

/* "the United Kingdom", "the Netherlands": names written with "the". */
static int needs_the(const char *country)
{
    const WorldCountry *c = world_find_country(country);
    return c && c->the;
}

void world_slots(WorldSlots *slots, const WorldCity *city,
                 const WorldCountry *country)
{
    memset(slots, 0, sizeof *slots);
    if (city) {
        slots->value[WORLD_SLOT_CITY] = city->name;
        slots->value[WORLD_SLOT_RIVER] = city->river;
        slots->value[WORLD_SLOT_SEA] = city->sea;
        slots->value[WORLD_SLOT_LANDMARK] = city->landmark;
        if (!country) country = world_country_of(city);
    }
    if (!country) return;
    slots->value[WORLD_SLOT_COUNTRY] = country->name;
    slots->value[WORLD_SLOT_CAPITAL] = country->capital;
    slots->value[WORLD_SLOT_CONTINENT] = country->continent;
    slots->value[WORLD_SLOT_LANGUAGE] = country->language;
    slots->value[WORLD_SLOT_CURRENCY] = country->currency;
}

static int append(char *buf, int cap, int *len, const char *s, size_t n)
{
    if ((size_t)*len + n >= (size_t)cap)
        return error_set("world: sentence longer than %d bytes", cap - 1);
    memcpy(buf + *len, s, n);
    *len += (int)n;
    buf[*len] = '\0';
    return 0;
}

int world_render(char *buf, int cap, const char *tmpl,
                 const WorldSlots *slots, WorldSpans *spans)
{
    assert(cap > 0);
    int len = 0;
    buf[0] = '\0';
    if (spans)
        for (int s = 0; s < WORLD_N_SLOTS; s++) {
            spans->start[s] = -1;
            spans->len[s] = 0;
        }
    for (const char *p = tmpl; *p;) {
        if (*p != '{') {
            const char *q = strchr(p, '{');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            if (append(buf, cap, &len, p, n) != 0) return -1;
            p += n;
            continue;
        }
        const char *close = strchr(p, '}');
        assert(close && "unclosed slot in a template");
        size_t n = (size_t)(close - p - 1);
        int possessive = n > 2 && strncmp(close - 2, "'s", 2) == 0;
        if (possessive) n -= 2;
        int slot = -1;
        for (int s = 0; s < WORLD_N_SLOTS; s++)
            if (strlen(SLOT_NAMES[s]) == n && !strncmp(p + 1, SLOT_NAMES[s], n))
                slot = s;
        assert(slot >= 0 && "unknown slot in a template");
        const char *v = slots->value[slot];
        assert(v && "a template uses a slot that has no value");
        size_t vn = strlen(v);
        /* "the United Kingdom": the article is written but not spanned, as
         * in a value that brings its own ("the Bund"). */
        if (slot == WORLD_SLOT_COUNTRY && needs_the(v) &&
            append(buf, cap, &len, "the ", 4) != 0)
            return -1;
        if (spans && spans->start[slot] < 0) {
            int skip = strncmp(v, "the ", 4) == 0 ? 4 : 0;
            spans->start[slot] = len + skip;
            spans->len[slot] = (int)vn - skip;
        }
        if (append(buf, cap, &len, v, vn) != 0) return -1;
        /* "Italy's", but "the Netherlands'" */
        if (possessive &&
            append(buf, cap, &len, v[vn - 1] == 's' ? "'" : "'s",
                   v[vn - 1] == 's' ? 1 : 2) != 0)
            return -1;
        p = close + 1;
    }
    if (buf[0] >= 'a' && buf[0] <= 'z') buf[0] = (char)(buf[0] - 'a' + 'A');
    return len;
}

/* "France", "France and Austria", "France, Austria and Spain" from the
 * neighbours picked by mask (0: all). */
static int neighbour_list(char *buf, int cap, const WorldCountry *c,
                          unsigned mask)
{
    const char *picked[WORLD_MAX_NEIGHBOURS];
    int n = 0;
    for (int i = 0; i < WORLD_MAX_NEIGHBOURS && c->neighbours[i]; i++)
        if (mask == 0 || (mask & (1u << i))) picked[n++] = c->neighbours[i];
    assert(n > 0);
    int len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i == n - 1 ? " and " : ", ";
        const char *the = needs_the(picked[i]) ? "the " : "";
        if (append(buf, cap, &len, sep, strlen(sep)) != 0 ||
            append(buf, cap, &len, the, strlen(the)) != 0 ||
            append(buf, cap, &len, picked[i], strlen(picked[i])) != 0)
            return -1;
    }
    return 0;
}

/* "a financial center, its fashion capital and an industrial city" */
static int trait_list(char *buf, int cap, unsigned traits)
{
    int n = 0, len = 0;
    for (int b = 0; b < WORLD_N_TRAITS; b++) n += (traits >> b) & 1;
    assert(n > 0);
    buf[0] = '\0';
    for (int b = 0, i = 0; b < WORLD_N_TRAITS; b++) {
        if (!(traits & (1u << b))) continue;
        const char *sep = i == 0 ? "" : i == n - 1 ? " and " : ", ";
        if (append(buf, cap, &len, sep, strlen(sep)) != 0 ||
            append(buf, cap, &len, TRAIT_PHRASES[b],
                   strlen(TRAIT_PHRASES[b])) != 0)
            return -1;
        i++;
    }
    return 0;
}

int world_say(char *buf, int cap, const WorldClaim *claim, int phrasing,
              WorldSpans *spans)
{
    Phrasings p = phrasings_of(claim);
    assert(phrasing >= 0 && phrasing < p.n);
    if (claim->fact == WORLD_CITY_EXTRA) {
        const char *s = claim->city->extras[claim->index];
        WorldSlots none;
        memset(&none, 0, sizeof none);
        return world_render(buf, cap, s, &none, spans);
    }
    WorldSlots slots;
    world_slots(&slots, claim->city, claim->country);
    char list[256];
    if (claim->fact == WORLD_COUNTRY_NEIGHBOURS) {
        if (neighbour_list(list, sizeof list, claim->country, claim->index))
            return -1;
        slots.value[WORLD_SLOT_NEIGHBOURS] = list;
    }
    if (claim->fact == WORLD_CITY_SUMMARY) {
        if (trait_list(list, sizeof list, claim->trait)) return -1;
        slots.value[WORLD_SLOT_TRAIT] = list;
    }
    const char *tmpl = p.text[phrasing];
    int it = claim->it && strncmp(tmpl, "{city}", 6) == 0;
    if (it) slots.value[WORLD_SLOT_CITY] = "it";
    int len = world_render(buf, cap, tmpl, &slots, spans);
    if (it && spans) spans->start[WORLD_SLOT_CITY] = -1;
    return len;
}
