// The first-name table: common Ukrainian names, the diminutives people give
// when they register ("Саша", "Вова", "Таня"), the Russian spellings they
// carry in old documents ("Александр", "Наталья"), and Latin forms typed
// from English or Russian habits ("Alexander", "Sergey"). Forms the official
// transliteration produces by itself ("Oleksandr") need no entry. A form
// listed under several names ("Саша", "Женя", "Слава") is ambiguous on purpose.
#include "client/src/duplicates/diminutives.h"

#include "absl/strings/str_split.h"
#include "shared/base/text.h"

namespace hromada {
namespace {

// One row of the table: the full Ukrainian name and its other forms.
struct FirstNameRow {
  const char* name;      // "Олександр"
  const char* variants;  // space-separated: "Саша Сашко Александр Alexander …"
};

const std::vector<FirstNameRow>& FirstNameRows() {
  static const std::vector<FirstNameRow>* const rows = new std::vector<FirstNameRow>{
      // Male.
      {"Олександр", "Саша Сашко Сашка Саня Шура Олесь Александр Алекс Alexander Alex Sasha"},
      {"Сергій", "Сергійко Серьожа Сєрьожа Сергей Серёжа Sergey Sergei Sergii Sergiy Serhiy"},
      {"Володимир", "Вова Володя Вовчик Владимир Vladimir Volodya Vova"},
      {"Андрій", "Андрійко Андрюша Андрюха Андрей Andrey Andrei Andriy Andrew"},
      {"Микола", "Коля Миколка Николай Nikolai Nikolay Kolya Mikola"},
      {"Іван", "Ваня Іванко Івась Иван Vanya"},
      {"Василь", "Вася Василько Василий Vasiliy Vasily Vasil"},
      {"Олег", "Олежка Олежик Oleg"},
      {"Дмитро", "Діма Дімон Дмитрик Митя Дима Дмитрий Dmitry Dmitriy Dmitri Dima"},
      {"Юрій", "Юра Юрко Юрась Юрий Yuriy Yury Yuri Jurij"},
      {"Віктор", "Вітя Вітьок Витя Victor Vitya"},
      {"Михайло", "Михась Міша Михайлик Миша Михаил Mikhail Mykhaylo Misha Michael"},
      {"Петро", "Петрик Петя Пётр Петр Petr Peter Petya"},
      {"Віталій", "Віталік Виталий Виталик Vitaliy Vitaly Vitalik"},
      {"Анатолій", "Толя Толік Анатолий Anatoliy Anatoly Tolya"},
      {"Валерій", "Валера Валерик Валерий Valeriy Valery"},
      {"Ігор", "Ігорко Игорь Igor"},
      {"Роман", "Рома Ромко Ромчик Roma"},
      {"Максим", "Макс Максимко Maxim Maksim Max"},
      {"Павло", "Павлик Паша Павел Pavel Pasha Paul"},
      {"Олексій", "Льоша Льоха Олекса Алексей Лёша Алёша Aleksei Alexei Alexey Oleksiy Lyosha"},
      {"Євген", "Женя Женька Євгеній Евгений Evgeniy Evgeny Yevgeniy Yevgeny Eugene Zhenya"},
      {"Богдан", "Бодя Бодьо Богданчик Bogdan"},
      {"Тарас", "Тарасик Taras"},
      {"Ярослав", "Ярик Ярко Слава Jaroslav"},
      {"Станіслав", "Стас Стасик Слава Станислав Stas"},
      {"Владислав", "Влад Владик Слава Vladislav Vlad"},
      {"В'ячеслав", "Слава Славік Славко Вячеслав Vyacheslav Slava"},
      {"Костянтин", "Костя Костик Константин Konstantin Kostya"},
      {"Артем", "Артемко Тьома Артём Artyom Artem"},
      {"Денис", "Дениско Denis"},
      {"Руслан", "Русик Ruslan"},
      {"Антон", "Антоша Антось Anton"},
      {"Вадим", "Вадик Vadim"},
      {"Григорій", "Гриша Грицько Гриць Григорий Grigory Grigoriy Hryhoriy"},
      {"Степан", "Стьопа Степанко Stepan"},
      {"Федір", "Федя Федько Фёдор Федор Fedor Fyodor Fedya"},
      {"Леонід", "Льоня Леонид Lyonya"},
      {"Борис", "Боря Borys Boris"},
      {"Валентин", "Валя Валік Valentin"},
      {"Геннадій", "Гена Геннадий Gennady Gennadiy Gena"},
      {"Микита", "Никита Nikita"},
      {"Тимофій", "Тимко Тимоша Тимофей Timofey"},
      {"Данило", "Даня Данилко Даниил Данила Daniil Danila Daniel"},
      {"Кирило", "Кирилко Кирюша Кирилл Kirill"},
      {"Назар", "Назарко Nazar"},
      {"Ілля", "Іллюша Илья Ilya Illya Ilia"},
      {"Матвій", "Матвійко Матвей Matvey Matvei"},
      {"Георгій", "Жора Гоша Георгий Georgy Georgiy George"},
      {"Семен", "Сеня Семён Semyon Semen"},
      {"Яків", "Яша Яков Yakov Jacob"},
      {"Йосип", "Йосиф Осип Иосиф Iosif Josef Joseph"},
      {"Мирослав", "Мирось Славко Слава Miroslav"},
      {"Ростислав", "Ростик Слава Rostislav"},
      {"Святослав", "Свят Слава Svyatoslav"},
      {"Едуард", "Едік Эдуард Эдик Eduard Edik"},
      {"Аркадій", "Аркаша Аркадий Arkady Arkadiy"},
      {"Зіновій", "Зеник Зиновий Zinoviy"},
      {"Тимур", "Тіма Тима Timur"},
      {"Вікентій", "Вікеша Викентий Vikentiy"},
      // Female.
      {"Олена", "Лена Оленка Олєна Елена Алена Альона Алёна Elena Yelena Alena Alyona Lena"},
      {"Ольга", "Оля Олька Олюня Olga Olya Olia"},
      {"Тетяна", "Таня Танюша Тетянка Татьяна Tatiana Tatyana Tanya"},
      {"Наталія", "Наталя Наташа Ната Наталка Наталья Наталия Natalia Natalya Nataliya Natasha"},
      {"Ірина", "Іра Ірка Іринка Ирина Ира Irina Ira"},
      {"Світлана", "Світла Свєта Света Светлана Svetlana Sveta Lana"},
      {"Оксана", "Оксанка Ксана Oksana"},
      {"Юлія", "Юля Юлька Юлия Julia Yulia Yuliya Yulya"},
      {"Людмила", "Люда Міла Людочка Люся Ludmila Lyudmila Lyuda Mila"},
      {"Галина", "Галя Галинка Galina Galya Halya"},
      {"Марія", "Маша Марійка Маруся Мария Maria Mariya Masha"},
      {"Катерина", "Катя Катруся Катюша Екатерина Ekaterina Katerina Yekaterina Katya Kate"},
      {"Анна", "Ганна Аня Ганнуся Анюта Anna Hanna Ganna Anya"},
      {"Надія", "Надя Надійка Надежда Nadezhda Nadia Nadya"},
      {"Валентина", "Валя Валюша Valentina Valya"},
      {"Лариса", "Лара Леся Larisa Lara"},
      {"Віра", "Вірочка Вера Vera"},
      {"Любов", "Люба Любовь Lyubov Lyuba"},
      {"Лідія", "Ліда Лидия Лида Lidia Lidiya Lida"},
      {"Ніна", "Ніночка Nina"},
      {"Алла", "Аллочка Alla"},
      {"Вікторія", "Віка Виктория Вика Victoria Viktoria Vika Nika"},
      {"Анастасія", "Настя Стася Настуся Анастасия Anastasia Anastasiya Nastya Nastia"},
      {"Дар'я", "Дарія Даша Дарья Daria Darya Dasha"},
      {"Дарина", "Даша Даринка Darina Dasha"},
      {"Олександра", "Саша Саня Шура Леся Александра Alexandra Aleksandra Sasha"},
      {"Євгенія", "Женя Евгения Evgenia Evgeniya Yevgenia Zhenya"},
      {"Марина", "Маринка Marina"},
      {"Інна", "Інуся Inna Ina"},
      {"Яна", "Янка Yana"},
      {"Христина", "Христя Кристина Кристя Kristina Christina Khristina"},
      {"Софія", "Соня Софійка София Sofia Sofiya Sophia Sonya"},
      {"Соломія", "Соля Solomia Solomiya"},
      {"Зінаїда", "Зіна Зинаида Зина Zinaida Zina"},
      {"Раїса", "Рая Раиса Raisa Raya"},
      {"Антоніна", "Тоня Антонина Antonina Tonya"},
      {"Валерія", "Лера Валерия Valeria Valeriya Lera"},
      {"Аліна", "Алінка Алина Alina"},
      {"Діана", "Діанка Диана Diana"},
      {"Уляна", "Уля Ульяна Ulyana Uliana"},
      {"Лілія", "Ліля Лилия Лиля Lilia Liliya Lilya"},
      {"Олеся", "Леся Alesya Olesya"},
      {"Вероніка", "Ніка Вероника Veronika Nika"},
      {"Ярослава", "Яра Слава Jaroslava"},
      {"Богдана", "Богданка Bogdana"},
      {"Владислава", "Влада Слава Vladislava"},
      {"Мирослава", "Мирося Слава Miroslava"},
      {"Єлизавета", "Ліза Лізонька Елизавета Elizaveta Yelizaveta Elizabeth Liza"},
      {"Поліна", "Поля Полина Polina"},
      {"Жанна", "Жанночка Zhanna"},
      {"Тамара", "Тома Tamara"},
      {"Емілія", "Міля Эмилия Emilia"},
      {"Неля", "Нелля Нелли Nelya Nellia"},
  };
  return *rows;
}

void Add(const std::string& form, const std::string& canonical, FirstNameForms* map) {
  std::vector<std::string>& canonicals = (*map)[form];
  for (const std::string& c : canonicals) {
    if (c == canonical) return;
  }
  canonicals.push_back(canonical);
}

}  // namespace

const FirstNameForms& AllFirstNameForms() {
  static const FirstNameForms* const map = [] {
    auto* m = new FirstNameForms;
    for (const FirstNameRow& row : FirstNameRows()) {
      const std::string canonical = SearchKey(row.name);
      Add(canonical, canonical, m);
      for (absl::string_view form : absl::StrSplit(row.variants, ' ', absl::SkipEmpty())) {
        Add(SearchKey(form), canonical, m);
      }
    }
    return m;
  }();
  return *map;
}

const std::vector<std::string>& FirstNameCanonicals(absl::string_view key) {
  static const std::vector<std::string>* const kNone = new std::vector<std::string>;
  const FirstNameForms& map = AllFirstNameForms();
  const auto it = map.find(std::string(key));
  return it == map.end() ? *kNone : it->second;
}

}  // namespace hromada
