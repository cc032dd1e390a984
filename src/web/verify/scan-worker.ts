import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
console.log(prepareZXingModule, readBarcodes);
