/**
 * The catalogue the seeds write: the portal's four value chains (DOMAIN.md), the member types of source 004,
 * and the demo's departments, subjects, FAQ entries, teams, accounts and canned replies. Plain data only.
 */
import type { Priority } from '../entities/enums.ts';

export interface ValueChainSeed {
  code: string;
  nameFa: string;
  nameEn: string;
}

/** DOMAIN.md: seeded with the portal's four value chains */
export const VALUE_CHAINS: ValueChainSeed[] = [
  { code: 'medicinal', nameFa: 'گیاهان دارویی و معطر', nameEn: 'Medicinal and aromatic plants' },
  { code: 'grape', nameFa: 'انگور', nameEn: 'Grape' },
  { code: 'saffron', nameFa: 'زعفران', nameEn: 'Saffron' },
  { code: 'damask_rose', nameFa: 'گل محمدی', nameEn: 'Damask rose' },
];

/** source 004's members (lawyers, official experts, family counsellors, arbitrators, trainees, staff) and the portal's farmers and traders */
export const MEMBER_TYPES: { code: string; nameFa: string; nameEn: string; isStaff?: boolean }[] = [
  { code: 'farmer', nameFa: 'کشاورز و بهره‌بردار', nameEn: 'Farmer / grower' },
  { code: 'trader', nameFa: 'بازرگان و صادرکننده', nameEn: 'Trader / exporter' },
  { code: 'processor', nameFa: 'فرآوری‌کننده و تولیدکننده', nameEn: 'Processor / manufacturer' },
  { code: 'lawyer', nameFa: 'وکیل', nameEn: 'Lawyer' },
  { code: 'expert', nameFa: 'کارشناس رسمی', nameEn: 'Official expert' },
  { code: 'family_counsellor', nameFa: 'مشاور خانواده', nameEn: 'Family counsellor' },
  { code: 'arbitrator', nameFa: 'داور', nameEn: 'Arbitrator' },
  { code: 'trainee', nameFa: 'کارآموز', nameEn: 'Trainee' },
  { code: 'citizen', nameFa: 'شهروند', nameEn: 'Citizen' },
  { code: 'staff', nameFa: 'کارمند مرکز', nameEn: 'Staff member', isStaff: true },
];

/** what a fresh install offers under every value chain until admins build their catalogue */
export const GENERAL_DEPARTMENT = {
  code: 'general',
  nameFa: 'پرسش‌های عمومی',
  nameEn: 'General enquiries',
  subject: { code: 'general', nameFa: 'پرسش عمومی', nameEn: 'General question' },
};

export interface SubjectSeed {
  code: string;
  nameFa: string;
  nameEn: string;
  priority?: Priority;
  faq?: { q: string; a: string }[];
}

export interface DepartmentSeed {
  code: string;
  nameFa: string;
  nameEn: string;
  /** the demo team that answers (its key in DEMO_TEAMS) */
  team: 'extension' | 'trade';
  subjects: SubjectSeed[];
}

const training = (extra: SubjectSeed[]): DepartmentSeed => ({
  code: 'extension',
  nameFa: 'آموزش و ترویج',
  nameEn: 'Training and extension',
  team: 'extension',
  subjects: [
    { code: 'cultivation', nameFa: 'کاشت، داشت و برداشت', nameEn: 'Planting, crop care and harvest' },
    { code: 'pests', nameFa: 'آفات و بیماری‌ها', nameEn: 'Pests and diseases', priority: 'high' },
    { code: 'courses', nameFa: 'دوره‌های آموزشی', nameEn: 'Training courses', priority: 'low' },
    ...extra,
  ],
});

const trade = (extra: SubjectSeed[]): DepartmentSeed => ({
  code: 'trade',
  nameFa: 'بازرگانی و صادرات',
  nameEn: 'Trade and export',
  team: 'trade',
  subjects: [
    {
      code: 'export',
      nameFa: 'مجوز و تشریفات صادرات',
      nameEn: 'Export permits and formalities',
      faq: [
        {
          q: 'برای صادرات به چه مدارکی نیاز دارم؟',
          a: 'کارت بازرگانی معتبر، گواهی بهداشت از سازمان غذا و دارو یا قرنطینه نباتی، گواهی مبدأ و فاکتور فروش. برای هر کشور مقصد ممکن است مدارک دیگری هم لازم باشد.',
        },
        {
          q: 'گواهی مبدأ را از کجا بگیرم؟',
          a: 'گواهی مبدأ را اتاق بازرگانی استان صادر می‌کند؛ درخواست آن در سامانه اتاق بازرگانی ثبت می‌شود.',
        },
      ],
    },
    { code: 'prices', nameFa: 'قیمت و بازار', nameEn: 'Prices and markets', priority: 'low' },
    { code: 'standards', nameFa: 'استاندارد و بسته‌بندی', nameEn: 'Standards and packaging' },
    ...extra,
  ],
});

const legal: DepartmentSeed = {
  code: 'legal',
  nameFa: 'حقوقی و داوری',
  nameEn: 'Legal and arbitration',
  team: 'trade',
  subjects: [
    { code: 'contracts', nameFa: 'قراردادهای خرید و فروش', nameEn: 'Sales contracts' },
    {
      code: 'disputes',
      nameFa: 'اختلافات تجاری و داوری',
      nameEn: 'Trade disputes and arbitration',
      priority: 'high',
      faq: [
        {
          q: 'داوری چقدر طول می‌کشد؟',
          a: 'اگر طرفین مدت دیگری توافق نکرده باشند، داور باید ظرف سه ماه از پذیرش داوری رأی بدهد.',
        },
      ],
    },
  ],
};

const counselling: DepartmentSeed = {
  code: 'counselling',
  nameFa: 'مشاوره کسب‌وکار و خانواده',
  nameEn: 'Business and family counselling',
  team: 'trade',
  subjects: [
    { code: 'business_plan', nameFa: 'طرح کسب‌وکار', nameEn: 'Business plan' },
    {
      code: 'loans',
      nameFa: 'تسهیلات و بیمه محصول',
      nameEn: 'Loans and crop insurance',
      faq: [
        {
          q: 'چطور محصولم را بیمه کنم؟',
          a: 'بیمه محصولات کشاورزی از طریق کارگزاری‌های صندوق بیمه کشاورزی در شهرستان انجام می‌شود؛ مهلت ثبت‌نام هر محصول را از مرکز خدمات کشاورزی بپرسید.',
        },
      ],
    },
    { code: 'family', nameFa: 'مشاوره خانواده', nameEn: 'Family counselling' },
  ],
};

/** the demo's departments and subjects per value chain */
export const DEMO_CATALOGUE: Record<string, DepartmentSeed[]> = {
  medicinal: [
    training([{ code: 'organic', nameFa: 'کشت ارگانیک', nameEn: 'Organic cultivation' }]),
    trade([{ code: 'extraction', nameFa: 'عصاره‌گیری و فرآوری', nameEn: 'Extraction and processing' }]),
    counselling,
  ],
  grape: [
    training([{ code: 'irrigation', nameFa: 'آبیاری و تغذیه تاکستان', nameEn: 'Vineyard irrigation and nutrition' }]),
    trade([{ code: 'raisins', nameFa: 'کشمش و فرآورده‌ها', nameEn: 'Raisins and products' }]),
    legal,
  ],
  saffron: [
    training([
      {
        code: 'corms',
        nameFa: 'پیاز زعفران و کاشت',
        nameEn: 'Saffron corms and planting',
        faq: [
          {
            q: 'بهترین زمان کاشت پیاز زعفران چه وقتی است؟',
            a: 'از اواسط خرداد تا اواسط شهریور، پیش از نخستین آبیاری پاییزه. پیازهای درشت‌تر از ۸ گرم گل بیشتری می‌دهند.',
          },
        ],
      },
    ]),
    trade([{ code: 'quality', nameFa: 'سنجش کیفیت زعفران', nameEn: 'Saffron quality testing' }]),
    legal,
    counselling,
  ],
  damask_rose: [
    training([{ code: 'harvest', nameFa: 'گل‌چینی و نگهداری گل', nameEn: 'Flower picking and storage' }]),
    trade([{ code: 'rosewater', nameFa: 'گلاب و اسانس', nameEn: 'Rose water and essential oil' }]),
    counselling,
  ],
};

export const DEMO_TEAMS = {
  extension: {
    name: 'تیم آموزش و ترویج',
    alias: 'کارشناس ترویج',
    assignmentMode: 'balanced' as const,
    visibility: 'all' as const,
  },
  trade: {
    name: 'تیم بازرگانی و حقوقی',
    alias: 'کارشناس بازرگانی',
    assignmentMode: 'round_robin' as const,
    visibility: 'invited' as const,
  },
};

export interface DemoAccount {
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'agent';
  /** demo only: printed by `npm run seed:demo` */
  password: string;
  teams: { team: keyof typeof DEMO_TEAMS; supervisor?: boolean }[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: 'مدیر سامانه', role: 'admin', password: 'admin-demo-1405', teams: [] },
  {
    username: 'supervisor',
    displayName: 'مریم احمدی',
    role: 'supervisor',
    password: 'supervisor-demo-1405',
    teams: [
      { team: 'extension', supervisor: true },
      { team: 'trade', supervisor: true },
    ],
  },
  { username: 'ali', displayName: 'علی رضایی', role: 'agent', password: 'agent-demo-1405', teams: [{ team: 'extension' }] },
  { username: 'zahra', displayName: 'زهرا موسوی', role: 'agent', password: 'agent-demo-1405', teams: [{ team: 'extension' }] },
  { username: 'hossein', displayName: 'حسین کریمی', role: 'agent', password: 'agent-demo-1405', teams: [{ team: 'trade' }] },
  { username: 'narges', displayName: 'نرگس حسینی', role: 'agent', password: 'agent-demo-1405', teams: [{ team: 'trade' }] },
];

export const DEMO_CANNED: { shortcut: string; title: string; body: string; team?: keyof typeof DEMO_TEAMS }[] = [
  {
    shortcut: 'salam',
    title: 'سلام و دریافت درخواست',
    body: 'سلام، وقت بخیر. درخواست شما دریافت شد و کارشناس ما در اولین فرصت پاسخ می‌دهد.',
  },
  {
    shortcut: 'more',
    title: 'درخواست اطلاعات بیشتر',
    body: 'برای بررسی دقیق‌تر لطفاً نام شهرستان، نوع محصول و در صورت امکان یک عکس واضح بفرستید.',
  },
  {
    shortcut: 'thanks',
    title: 'پایان و تشکر',
    body: 'از شکیبایی شما سپاسگزاریم. اگر مشکل برطرف شد لطفاً گزینه «حل شد» را بزنید و به پاسخ ما امتیاز بدهید.',
  },
  {
    shortcut: 'courses',
    title: 'زمان دوره‌های آموزشی',
    body: 'فهرست دوره‌های آموزشی این فصل در پرتال زنجیره ارزش منتشر شده است؛ ثبت‌نام از یک هفته پیش از شروع هر دوره باز می‌شود.',
    team: 'extension',
  },
  {
    shortcut: 'docs',
    title: 'مدارک صادرات',
    body: 'مدارک لازم: کارت بازرگانی معتبر، گواهی بهداشت، گواهی مبدأ و فاکتور فروش.',
    team: 'trade',
  },
];

/** fixed solar holidays of 1405 (the lunar ones move every year: admins add them) */
export const DEMO_HOLIDAYS_1405 = [
  '1405/01/01 holiday نوروز',
  '1405/01/02 holiday نوروز',
  '1405/01/03 holiday نوروز',
  '1405/01/04 holiday نوروز',
  '1405/01/12 holiday روز جمهوری اسلامی',
  '1405/01/13 holiday روز طبیعت',
  '1405/03/14 holiday رحلت امام خمینی',
  '1405/03/15 holiday قیام ۱۵ خرداد',
  '1405/11/22 holiday پیروزی انقلاب اسلامی',
  '1405/12/29 holiday ملی شدن صنعت نفت',
];
