/*
 * Name material for the household generator. Lists are ordered roughly by frequency (the generator picks
 * skewed towards the front, so common names collide as they do in a real customer base). Accented spellings
 * are kept: the generator drops or mangles them per record.
 */

export const MALE = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua',
  'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan',
  'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon',
  'Benjamin', 'Samuel', 'Gregory', 'Alexander', 'Frank', 'Patrick', 'Raymond', 'Jack', 'Dennis', 'Jerry',
  'Tyler', 'Aaron', 'José', 'Adam', 'Nathan', 'Henry', 'Douglas', 'Zachary', 'Peter', 'Kyle',
  'Walter', 'Ethan', 'Jeremy', 'Harold', 'Keith', 'Christian', 'Roger', 'Noah', 'Gerald', 'Carl',
  'Terry', 'Sean', 'Austin', 'Arthur', 'Lawrence', 'Jesse', 'Dylan', 'Bryan', 'Joe', 'Jordan',
  'Billy', 'Bruce', 'Albert', 'Willie', 'Gabriel', 'Logan', 'Alan', 'Juan', 'Wayne', 'Roy',
  'Ralph', 'Randy', 'Eugene', 'Vincent', 'Russell', 'Elijah', 'Louis', 'Bobby', 'Philip', 'Johnny',
  'Francisco', 'Jürgen', 'François', 'Søren', 'Ignacio', 'Alberto', 'Guillermo', 'Theodore', 'Leonard', 'Julian',
  'Adrian', 'Mateo', 'Hamish', 'Declan', 'Ruairí', 'Björn', 'Émile', 'Raúl', 'Tomás', 'Andrés',
];

export const FEMALE = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Lisa', 'Nancy', 'Betty', 'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
  'Carol', 'Amanda', 'Dorothy', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Sharon', 'Laura', 'Cynthia',
  'Kathleen', 'Amy', 'Angela', 'Shirley', 'Anna', 'Brenda', 'Pamela', 'Emma', 'Nicole', 'Helen',
  'Samantha', 'Katherine', 'Christine', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Catherine', 'Maria', 'Heather',
  'Diane', 'Ruth', 'Julie', 'Olivia', 'Joyce', 'Virginia', 'Victoria', 'Kelly', 'Lauren', 'Christina',
  'Joan', 'Evelyn', 'Judith', 'Megan', 'Andrea', 'Cheryl', 'Hannah', 'Jacqueline', 'Martha', 'Gloria',
  'Teresa', 'Ann', 'Sara', 'Madison', 'Frances', 'Kathryn', 'Janice', 'Jean', 'Abigail', 'Alice',
  'Judy', 'Sophia', 'Grace', 'Denise', 'Amber', 'Doris', 'Marilyn', 'Danielle', 'Beverly', 'Isabella',
  'Theresa', 'Diana', 'Natalie', 'Brittany', 'Charlotte', 'Marie', 'Kayla', 'Alexis', 'Lori', 'Renée',
  'Zoë', 'Chloé', 'Inés', 'Guadalupe', 'Graciela', 'Dolores', 'Mónica', 'Siobhán', 'Ingrid', 'Margarethe',
  'Eleanor', 'Priya', 'Aisling', 'Beatriz', 'Noémie', 'Agnès', 'Lucía', 'Paz', 'Ximena', 'Eun-ji',
];

/** Pairs a matcher might read as one name but are two people (brother and sister, often twins). */
export const GENDER_PAIRS: readonly (readonly [string, string])[] = [
  ['Eric', 'Erica'], ['Daniel', 'Daniela'], ['Paul', 'Paula'], ['Robert', 'Roberta'], ['Louis', 'Louisa'],
  ['Julian', 'Juliana'], ['Adrian', 'Adriana'], ['Gabriel', 'Gabriela'], ['Christian', 'Christina'],
  ['Francis', 'Frances'], ['Alexander', 'Alexandra'], ['Patrick', 'Patricia'], ['Carl', 'Carla'],
  ['Joseph', 'Josephine'], ['Michael', 'Michelle'], ['Nicholas', 'Nicole'], ['George', 'Georgia'],
  ['Mario', 'Maria'], ['Antonio', 'Antonia'], ['Victor', 'Victoria'], ['Samuel', 'Samantha'], ['Dean', 'Deanna'],
  ['Martin', 'Martina'], ['Justin', 'Justine'], ['Stephen', 'Stephanie'], ['Henry', 'Henrietta'],
];

/**
 * Given name -> familiar forms. Deliberately wider than any matcher table: irregular forms (Sally, Polly,
 * Paco, Peggy) as well as clipped and diminutive ones (Walt, Greg, Vinny) a table would not list.
 */
export const FAMILIAR: Record<string, readonly string[]> = {
  sarah: ['Sally', 'Sadie'], mary: ['Polly', 'Molly', 'Mae'], francisco: ['Paco', 'Pancho', 'Frank'],
  walter: ['Walt', 'Wally'], margaret: ['Peggy', 'Maggie', 'Meg', 'Greta'], james: ['Jim', 'Jimmy', 'Jamie'],
  robert: ['Bob', 'Rob', 'Bobby', 'Robbie'], william: ['Bill', 'Will', 'Billy', 'Liam'], richard: ['Dick', 'Rick', 'Richie'],
  edward: ['Ted', 'Ed', 'Eddie', 'Ned'], henry: ['Hank', 'Harry'], john: ['Jack', 'Johnny'], charles: ['Chuck', 'Charlie'],
  elizabeth: ['Liz', 'Betsy', 'Beth', 'Lizzie', 'Elsie'], katherine: ['Kate', 'Kathy', 'Katie'], alexander: ['Sasha', 'Alex', 'Xander'],
  jose: ['Pepe', 'Chepe'], guadalupe: ['Lupe', 'Lupita'], ignacio: ['Nacho'], graciela: ['Chela'], alberto: ['Beto'],
  anthony: ['Tony'], kimberly: ['Kim', 'Kimmy'], samuel: ['Sam', 'Sammy'], theodore: ['Theo', 'Ted'], leonard: ['Leo', 'Len', 'Lenny'],
  gregory: ['Greg'], jeffrey: ['Jeff'], douglas: ['Doug'], timothy: ['Tim', 'Timmy'], vincent: ['Vince', 'Vinny'],
  patricia: ['Patty', 'Trish', 'Tricia'], deborah: ['Debbie', 'Deb'], rebecca: ['Becky', 'Becca'], susan: ['Sue', 'Susie'],
  jennifer: ['Jen', 'Jenny'], jessica: ['Jess', 'Jessie'], dorothy: ['Dot', 'Dottie'], virginia: ['Ginny', 'Ginger'],
  judith: ['Judy'], christine: ['Chris', 'Tina'], christopher: ['Chris', 'Kit'], nicholas: ['Nick', 'Nicky'],
  benjamin: ['Ben', 'Benny'], lawrence: ['Larry'], raymond: ['Ray'], gerald: ['Gerry', 'Jerry'], eugene: ['Gene'],
  harold: ['Hal', 'Harry'], albert: ['Bert', 'Al'], frances: ['Fran', 'Frannie'], teresa: ['Tess', 'Terri'], theresa: ['Tess', 'Terri'],
  eleanor: ['Nell', 'Ellie'], guillermo: ['Memo', 'Guille'], dolores: ['Lola'], beatriz: ['Bea'], catherine: ['Cathy', 'Cate'],
  joseph: ['Joe', 'Joey'], michael: ['Mike', 'Mikey'], matthew: ['Matt'], andrew: ['Andy', 'Drew'], daniel: ['Dan', 'Danny'],
  stephen: ['Steve'], steven: ['Steve'], kenneth: ['Ken', 'Kenny'], ronald: ['Ron', 'Ronnie'], donald: ['Don', 'Donnie'],
  abigail: ['Abby', 'Gail'], amanda: ['Mandy'], samantha: ['Sam', 'Sammie'], victoria: ['Vicky', 'Tori'], barbara: ['Barb', 'Babs'],
  pamela: ['Pam'], cynthia: ['Cindy'], kathleen: ['Kathy', 'Kath'], carolyn: ['Carrie'], jacqueline: ['Jackie'], isabella: ['Bella', 'Izzy'],
};

export const SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Müller', 'García', 'Núñez', 'Lefèvre', 'Åberg', "O'Brien", 'McDonald', 'Østergaard', 'Dubois', 'Schröder',
  'Kowalski', 'Nováková', 'Papadopoulos', 'Fitzgerald', 'Van der Berg', 'De la Cruz', 'Ó Súilleabháin', 'Żukowski', 'Çelik', 'Šimić',
  'Okafor', 'Haddad', 'Tanaka', 'Sato', 'Chen', 'Wang', 'Singh', 'Kaur', 'Yilmaz', 'Ivanov',
];

export const STREETS = [
  'Main Street', 'Oak Avenue', 'Maple Drive', 'Cedar Lane', 'Elm Street', 'Pine Road', 'Washington Avenue', 'Lake Street',
  'Hillcrest Drive', 'Park Place', 'Church Road', 'Mill Lane', 'River Road', 'Sunset Boulevard', 'Highland Avenue',
  'Forest Drive', 'Chestnut Street', 'Walnut Street', 'Spring Street', 'Meadow Lane', 'Ridge Road', 'Valley View Road',
  'Jefferson Street', 'Madison Avenue', 'Franklin Street', 'Lincoln Way', 'Willow Court', 'Birch Street', 'Orchard Lane',
  'Station Road', 'King Street', 'Queen Street', 'High Street', 'Victoria Road', 'Harbour Street', 'Calle Mayor',
];

export const TOWNS = [
  'Springfield', 'Riverside', 'Fairview', 'Greenville', 'Bristol', 'Clinton', 'Salem', 'Madison', 'Georgetown', 'Arlington',
  'Ashland', 'Dover', 'Oxford', 'Jackson', 'Burlington', 'Manchester', 'Milton', 'Newport', 'Kingston', 'Marion',
];

export const STATES = ['CA', 'NY', 'TX', 'WA', 'IL', 'MA', 'OR', 'FL'];

export const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'proton.me', 'aol.com'];
