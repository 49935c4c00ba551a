/**
 * Vocabulary of a UK metal-and-timber fabricator that sells garden, fire and workshop products.
 * Each family yields names as the Cartesian product of its parts, so thousands of distinct,
 * believable names come from a few short lists.
 */
export interface RawFamily {
  category: string;
  unit: string;
  /** Cost per unit, GBP minor units. */
  cost: [number, number];
  parts: string[][];
}

const mm = (values: number[]) => values.map((v) => `${v}mm`);

export const RAW_FAMILIES: RawFamily[] = [
  { category: 'Steel', unit: 'kg', cost: [95, 170], parts: [['Mild Steel S275', 'High-Tensile S355', 'Galvanised DX51', 'Cold-Rolled DC01'], ['Sheet', 'Plate', 'Flat Bar', 'Round Bar', 'Box Section', 'Angle', 'Channel', 'Tube'], mm([1.5, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25])] },
  { category: 'Stainless Steel', unit: 'kg', cost: [340, 620], parts: [['Stainless 304', 'Stainless 316'], ['Sheet', 'Tube', 'Round Bar', 'Flat Bar', 'Angle'], mm([1, 1.5, 2, 3, 5, 8, 10, 12, 20, 25])] },
  { category: 'Aluminium', unit: 'kg', cost: [270, 460], parts: [['Aluminium 6082-T6', 'Aluminium 5083', 'Aluminium 1050'], ['Sheet', 'Extrusion', 'Round Bar', 'Box Section'], mm([1, 2, 3, 4, 6, 10, 12, 20, 25, 40])] },
  { category: 'Timber', unit: 'm', cost: [240, 1850], parts: [['FSC Oak', 'Siberian Larch', 'Redwood Pine', 'Iroko', 'Thermo Ash'], ['Board', 'Batten', 'Slat'], ['20x95mm', '20x145mm', '27x95mm', '27x145mm', '32x200mm', '38x63mm', '45x45mm', '45x70mm']] },
  { category: 'Plastics', unit: 'kg', cost: [140, 420], parts: [['ABS', 'Polypropylene', 'HDPE', 'Nylon 6', 'Recycled HDPE'], ['Granules'], ['Black', 'Anthracite', 'Natural', 'White', 'Sage', 'Terracotta', 'Slate', 'Cream', 'Red', 'Blue']] },
  { category: 'Coatings', unit: 'kg', cost: [620, 1250], parts: [['Powder Coat'], ['RAL 9005', 'RAL 7016', 'RAL 6021', 'RAL 9010', 'RAL 1015', 'RAL 7035', 'RAL 5003', 'RAL 3009', 'RAL 8019', 'RAL 9006', 'RAL 6009', 'RAL 7021'], ['Matt', 'Satin', 'Textured']] },
  { category: 'Finishes', unit: 'L', cost: [850, 2400], parts: [['Hardwax Oil', 'Decking Oil', 'Zinc Primer', 'Clear Lacquer', 'Wood Preserver'], ['Clear', 'Natural', 'Teak', 'Ebony', 'Grey Wash']] },
  { category: 'Packaging', unit: 'ea', cost: [25, 950], parts: [['Corrugated Box', 'Double-Wall Box', 'Kraft Box'], ['300x200x150', '400x300x200', '500x400x300', '600x400x400', '800x600x300', '1000x500x200', '1200x600x150', '1500x700x200', '1800x800x250', '450x450x450']] },
  { category: 'Packaging', unit: 'ea', cost: [8, 140], parts: [['Foam Corner', 'Edge Protector', 'Polybag', 'Instruction Leaflet', 'Carton Label', 'Fixing Bag'], ['Small', 'Medium', 'Large', 'XL']] },
  { category: 'Fabrics', unit: 'm2', cost: [380, 1300], parts: [['Outdoor Canvas', 'Olefin Weave', 'Waterproof Polyester', 'Textilene Mesh', 'Recycled PET Felt'], ['Charcoal', 'Stone', 'Sage', 'Navy', 'Terracotta', 'Oatmeal', 'Black', 'Slate', 'Ochre', 'Moss']] },
  { category: 'Wire & Cable', unit: 'm', cost: [18, 95], parts: [['Copper Wire', 'Tri-Rated Cable', 'Flex Cable'], ['0.75mm²', '1.0mm²', '1.5mm²', '2.5mm²', '4.0mm²', '6.0mm²'], ['Black', 'Brown', 'Blue', 'Grey', 'Green/Yellow', 'Red', 'White', 'Orange']] },
  { category: 'Consumables', unit: 'kg', cost: [380, 1500], parts: [['MIG Wire', 'TIG Rod', 'Brazing Rod'], ['ER70S-6', 'ER308L', 'ER316L', 'ER4043', 'ER5356'], ['0.8mm', '1.0mm', '1.2mm', '1.6mm']] },
];

export const BOUGHT_FAMILIES: RawFamily[] = [
  { category: 'Fasteners', unit: 'ea', cost: [3, 65], parts: [['M4', 'M5', 'M6', 'M8', 'M10', 'M12'], ['Hex Bolt', 'Socket Cap Screw', 'Coach Bolt', 'Nyloc Nut', 'Flange Nut', 'Rivet Nut', 'Button Head Screw'], ['16mm', '20mm', '25mm', '30mm', '40mm', '50mm', '60mm', '80mm'], ['Zinc', 'A2 Stainless', 'Black Oxide']] },
  { category: 'Castors & Wheels', unit: 'ea', cost: [180, 1400], parts: [['Swivel Castor', 'Fixed Castor', 'Braked Swivel Castor', 'Pneumatic Wheel'], ['50mm', '75mm', '100mm', '125mm', '160mm', '200mm'], ['Rubber', 'Nylon', 'Polyurethane']] },
  { category: 'Hinges & Locks', unit: 'ea', cost: [60, 1900], parts: [['Butt Hinge', 'Piano Hinge', 'Concealed Hinge', 'Gas Strut', 'Cam Lock', 'Hasp & Staple', 'Tee Handle Lock', 'Soft-Close Stay'], ['Small', 'Medium', 'Large', '100N', '200N', '300N'], ['Stainless', 'Zinc', 'Black']] },
  { category: 'Drawer Slides', unit: 'ea', cost: [320, 2600], parts: [['Ball-Bearing Slide', 'Heavy-Duty Slide', 'Soft-Close Slide'], ['300mm', '350mm', '400mm', '450mm', '500mm', '550mm', '600mm', '700mm']] },
  { category: 'Handles & Feet', unit: 'ea', cost: [25, 850], parts: [['Bow Handle', 'Bar Handle', 'Recessed Pull', 'Levelling Foot', 'Rubber Foot', 'Glide'], ['M6', 'M8', 'M10', '96mm', '128mm', '160mm'], ['Black', 'Brushed Steel', 'Chrome']] },
  { category: 'Electrical', unit: 'ea', cost: [45, 3200], parts: [['Rocker Switch', 'LED Strip', 'Mains Lead UK', 'USB-C Power Module', 'Terminal Block', 'Cable Gland', 'Motion Sensor', 'Thermostat'], ['Type A', 'Type B', 'Type C', 'IP44', 'IP65'], ['Black', 'Grey', 'White']] },
  { category: 'Bearings & Seals', unit: 'ea', cost: [40, 1100], parts: [['6001-2RS', '6201-2RS', '6204-2RS', '6205-ZZ', 'Flange Bearing UCF204', 'O-Ring Kit', 'Lip Seal'], ['Standard', 'Stainless', 'High-Temperature']] },
];

export const FABRICATED_PARTS = ['Side Panel', 'Back Panel', 'Door Panel', 'Shelf', 'Leg', 'Rail', 'Bracket', 'Gusset', 'Frame Tube', 'Base Plate', 'Top Panel', 'Drawer Front', 'Bowl', 'Grate', 'Slat Set', 'Arm Rest', 'Spacer', 'Hook', 'Lid', 'Divider'];
export const FABRICATED_PROCESSES: { category: string; rawCategories: string[] }[] = [
  { category: 'Laser-Cut Parts', rawCategories: ['Steel', 'Stainless Steel', 'Aluminium', 'Coatings', 'Consumables'] },
  { category: 'Formed Parts', rawCategories: ['Steel', 'Aluminium', 'Coatings', 'Consumables'] },
  { category: 'Timber Parts', rawCategories: ['Timber', 'Finishes'] },
  { category: 'Moulded Parts', rawCategories: ['Plastics'] },
];
export const PART_VARIANTS = ['300mm', '450mm', '600mm', '750mm', '900mm', '1200mm', '1500mm', 'Type A', 'Type B', 'Type C', 'LH', 'RH'];

export const SUB_ASSEMBLIES = ['Door Assembly', 'Drawer Assembly', 'Frame Assembly', 'Seat Assembly', 'Lid Assembly', 'Castor Base Assembly', 'Control Box Assembly', 'Grate Assembly', 'Canopy Assembly', 'Shelf Assembly', 'Back Rest Assembly'];
export const SUB_ASSEMBLY_RAW = ['Fabrics', 'Wire & Cable', 'Consumables', 'Coatings'];

export type Season = 'summer' | 'spring' | 'winter' | 'christmas' | 'flat';

export interface FinishedFamily {
  category: string;
  season: Season;
  products: string[];
  /** Retail price, GBP minor units. */
  price: [number, number];
}

export const FINISHED_FAMILIES: FinishedFamily[] = [
  { category: 'Garden Furniture', season: 'summer', products: ['Garden Bench', 'Bistro Set', 'Sun Lounger', 'Dining Table', 'Swing Seat', 'Companion Seat'], price: [8900, 59900] },
  { category: 'Planters & Raised Beds', season: 'spring', products: ['Raised Bed', 'Planter Box', 'Trough Planter', 'Obelisk', 'Trellis Panel', 'Herb Planter'], price: [1999, 24900] },
  { category: 'Fire & Heating', season: 'winter', products: ['Fire Pit', 'Log Store', 'Chiminea Stand', 'Firewood Rack', 'Fire Pit Grill', 'Kindling Box'], price: [3999, 34900] },
  { category: 'Workshop Storage', season: 'christmas', products: ['Tool Chest', 'Workbench', 'Wall Cabinet', 'Shelving Unit', 'Pegboard Kit', 'Tool Cart'], price: [4999, 79900] },
  { category: 'Cycle & Outdoor Storage', season: 'spring', products: ['Bike Rack', 'Bike Store', 'Wall Bike Hook', 'Garden Store', 'Bin Store', 'Parcel Box'], price: [2499, 69900] },
  { category: 'Home Accessories', season: 'flat', products: ['Wall Shelf', 'Coat Rack', 'Shoe Rack', 'Plant Stand', 'Wine Rack', 'Magazine Rack'], price: [1499, 12900] },
];
export const PRODUCT_LINES = ['Heritage', 'Forge', 'Urban', 'Classic', 'Ridge', 'Alder', 'Brook', 'Summit', 'Carver', 'Hale', 'Linton', 'Aire'];
export const PRODUCT_SIZES = ['Compact', 'Standard', 'Large', 'XL'];
export const PRODUCT_FINISHES = ['Anthracite', 'Matt Black', 'Sage Green', 'Galvanised', 'Oak & Steel', 'Corten', 'Slate Grey', 'Cream'];

export interface SupplierTemplate { name: string; currency: 'GBP' | 'EUR' | 'USD'; categories: string[]; leadDays: [number, number]; termsDays: number }

export const SUPPLIER_TEMPLATES: SupplierTemplate[] = [
  { name: 'Midland Steel Stockholders Ltd', currency: 'GBP', categories: ['Steel'], leadDays: [3, 7], termsDays: 30 },
  { name: 'Barrow & Finch Metals Ltd', currency: 'GBP', categories: ['Steel', 'Stainless Steel'], leadDays: [4, 10], termsDays: 60 },
  { name: 'Tyne Stainless Supplies', currency: 'GBP', categories: ['Stainless Steel'], leadDays: [5, 12], termsDays: 30 },
  { name: 'Aluminium Direct (UK) Ltd', currency: 'GBP', categories: ['Aluminium'], leadDays: [5, 10], termsDays: 30 },
  { name: 'Rheinmetall Profile GmbH', currency: 'EUR', categories: ['Aluminium', 'Steel'], leadDays: [12, 21], termsDays: 45 },
  { name: 'Northern Timber Merchants', currency: 'GBP', categories: ['Timber'], leadDays: [4, 9], termsDays: 30 },
  { name: 'Baltic Hardwood Exports SIA', currency: 'EUR', categories: ['Timber'], leadDays: [20, 35], termsDays: 60 },
  { name: 'Polymer Compounds Europe BV', currency: 'EUR', categories: ['Plastics'], leadDays: [10, 18], termsDays: 45 },
  { name: 'Granulex Plastics Ltd', currency: 'GBP', categories: ['Plastics'], leadDays: [5, 10], termsDays: 30 },
  { name: 'Coatline Powders Ltd', currency: 'GBP', categories: ['Coatings'], leadDays: [3, 8], termsDays: 30 },
  { name: 'Finishing Oils Company', currency: 'GBP', categories: ['Finishes'], leadDays: [4, 8], termsDays: 30 },
  { name: 'Severn Packaging Ltd', currency: 'GBP', categories: ['Packaging'], leadDays: [5, 12], termsDays: 30 },
  { name: 'BoxCraft Corrugated Ltd', currency: 'GBP', categories: ['Packaging'], leadDays: [7, 14], termsDays: 45 },
  { name: 'Textil Outdoor Sp. z o.o.', currency: 'EUR', categories: ['Fabrics'], leadDays: [14, 28], termsDays: 45 },
  { name: 'Coventry Cable & Wire', currency: 'GBP', categories: ['Wire & Cable', 'Electrical'], leadDays: [3, 7], termsDays: 30 },
  { name: 'WeldPoint Consumables', currency: 'GBP', categories: ['Consumables'], leadDays: [2, 5], termsDays: 30 },
  { name: 'Fixings Direct Trade Ltd', currency: 'GBP', categories: ['Fasteners'], leadDays: [2, 6], termsDays: 30 },
  { name: 'Würth Industrie Service', currency: 'EUR', categories: ['Fasteners', 'Handles & Feet'], leadDays: [7, 14], termsDays: 30 },
  { name: 'Tente Rollen GmbH', currency: 'EUR', categories: ['Castors & Wheels'], leadDays: [14, 24], termsDays: 45 },
  { name: 'Blickle UK Castors', currency: 'GBP', categories: ['Castors & Wheels'], leadDays: [5, 10], termsDays: 30 },
  { name: 'Ningbo Hardware Manufacturing Co.', currency: 'USD', categories: ['Hinges & Locks', 'Handles & Feet'], leadDays: [40, 60], termsDays: 30 },
  { name: 'Guangzhou Slide Systems Ltd', currency: 'USD', categories: ['Drawer Slides'], leadDays: [42, 65], termsDays: 30 },
  { name: 'Accuride Europe', currency: 'EUR', categories: ['Drawer Slides'], leadDays: [10, 20], termsDays: 60 },
  { name: 'Shenzhen Brightway Electronics', currency: 'USD', categories: ['Electrical'], leadDays: [35, 55], termsDays: 30 },
  { name: 'RS Group Trade Counter', currency: 'GBP', categories: ['Electrical', 'Bearings & Seals', 'Fasteners'], leadDays: [1, 3], termsDays: 30 },
  { name: 'SKF Distribution UK', currency: 'GBP', categories: ['Bearings & Seals'], leadDays: [4, 9], termsDays: 60 },
  { name: 'Häfele UK Ltd', currency: 'GBP', categories: ['Hinges & Locks', 'Handles & Feet', 'Drawer Slides'], leadDays: [4, 9], termsDays: 30 },
  { name: 'Pennine Metals Recycling', currency: 'GBP', categories: ['Steel', 'Aluminium'], leadDays: [3, 6], termsDays: 14 },
  { name: 'Lakeland Timber Co.', currency: 'GBP', categories: ['Timber', 'Finishes'], leadDays: [5, 10], termsDays: 30 },
  { name: 'Delta Coatings BV', currency: 'EUR', categories: ['Coatings', 'Finishes'], leadDays: [10, 16], termsDays: 45 },
  { name: 'Kent Corrugated Cases', currency: 'GBP', categories: ['Packaging'], leadDays: [6, 12], termsDays: 60 },
  { name: 'Atlantic Fasteners Inc.', currency: 'USD', categories: ['Fasteners', 'Hinges & Locks'], leadDays: [30, 45], termsDays: 45 },
  { name: 'Sheffield Bright Steel', currency: 'GBP', categories: ['Steel', 'Stainless Steel'], leadDays: [5, 9], termsDays: 30 },
  { name: 'Mersey Plastics Moulding Supplies', currency: 'GBP', categories: ['Plastics', 'Packaging'], leadDays: [6, 11], termsDays: 30 },
  { name: 'Oxford Electrical Wholesale', currency: 'GBP', categories: ['Electrical', 'Wire & Cable'], leadDays: [2, 5], termsDays: 30 },
  { name: 'Bolton Bearings & Transmission', currency: 'GBP', categories: ['Bearings & Seals', 'Castors & Wheels'], leadDays: [3, 7], termsDays: 30 },
];

export interface WholesaleTemplate { name: string; currency: 'GBP' | 'EUR' | 'USD'; termsDays: number }

export const WHOLESALE_TEMPLATES: WholesaleTemplate[] = [
  { name: 'Harrow Garden Centres Ltd', currency: 'GBP', termsDays: 30 },
  { name: 'Greenfingers Retail Group plc', currency: 'GBP', termsDays: 60 },
  { name: 'Bauhaus Gartenwelt GmbH', currency: 'EUR', termsDays: 45 },
  { name: 'Maison & Jardin SARL', currency: 'EUR', termsDays: 60 },
  { name: 'Cascade Outdoor Supply Inc.', currency: 'USD', termsDays: 30 },
  { name: 'Hearth & Home Stores Ltd', currency: 'GBP', termsDays: 30 },
  { name: 'Workshop Warehouse Ltd', currency: 'GBP', termsDays: 45 },
  { name: 'Tuinhuis Nederland BV', currency: 'EUR', termsDays: 30 },
  { name: 'Prairie Hardware Co.', currency: 'USD', termsDays: 60 },
  { name: 'Dublin Home & Garden Ltd', currency: 'EUR', termsDays: 30 },
  { name: 'Cotswold Living Interiors', currency: 'GBP', termsDays: 30 },
  { name: 'Nordic Outdoor AB', currency: 'EUR', termsDays: 45 },
  { name: 'Highland Estates Supplies', currency: 'GBP', termsDays: 30 },
  { name: 'Brooklyn Maker Supply LLC', currency: 'USD', termsDays: 30 },
  { name: 'Alpine Garten AG', currency: 'EUR', termsDays: 30 },
  { name: 'Seaside Hotels Group Ltd', currency: 'GBP', termsDays: 60 },
];
