import ItemResponseTheory

/// Published item parameters and results used as independent references. Every array names its
/// source; none of these numbers was produced by ItemBench.
///
/// The data are Kolen & Brennan's ACT Mathematics example (Kolen, M. J., & Brennan, R. L. (2014).
/// Test Equating, Scaling, and Linking, 3rd ed., ch. 6; Table 6.5 in the 2nd ed., 2004, p. 192):
/// two 36-item 3PL forms (BILOG estimates, D = 1.7), Form X new, Form Y old (base), 12 common items
/// (items 3, 6, …, 36).
enum Published {
  // MARK: Common items, 4 decimals (STUIRT example 1)

  /// The 12 common items of Form X (new) as (a, b, c), from the input of Kolen's STUIRT program,
  /// example 1, as transcribed in jMetrik's test suite (meyerjp3/psychometrics,
  /// src/test/java/com/itemanalysis/psychometrics/irt/equating/StockingLordMethodTest.java,
  /// `stockingLordTest0`).
  static let stuirtCommonX: [(Double, Double, Double)] = [
    (0.4551, -0.7101, 0.2087), (0.5839, -0.8567, 0.2038), (0.7544, 0.0212, 0.1600),
    (0.6633, 0.0506, 0.1240), (1.0690, 0.9610, 0.2986), (0.9672, 0.1950, 0.0535),
    (0.3479, 2.2768, 0.1489), (1.4579, 1.0241, 0.2453), (1.8811, 1.4062, 0.1992),
    (0.7020, 2.2401, 0.0853), (1.4080, 1.5556, 0.0789), (1.2993, 2.1589, 0.1075),
  ]
  /// The same 12 common items on Form Y (base), same source.
  static let stuirtCommonY: [(Double, Double, Double)] = [
    (0.4416, -1.3349, 0.1559), (0.5730, -1.3210, 0.1913), (0.5987, -0.7098, 0.1177),
    (0.6041, -0.3539, 0.0818), (0.9902, 0.5320, 0.3024), (0.8081, -0.1156, 0.0648),
    (0.4140, 2.5538, 0.2410), (1.3554, 0.5811, 0.2243), (1.0417, 0.9392, 0.1651),
    (0.6336, 1.8960, 0.0794), (1.1347, 1.0790, 0.0630), (0.9255, 2.1337, 0.1259),
  ]
  /// BILOG posterior θ distributions used by STUIRT example 1 (same points on each group's own
  /// scale): Form X group weights, Form Y group weights. Same source.
  static let stuirtPoints: [Double] = [
    -4.0000, -3.1110, -2.2220, -1.3330, -0.4444, 0.4444, 1.3330, 2.2220, 3.1110, 4.0000,
  ]
  static let stuirtWeightsX: [Double] = [
    0.0001008, 0.002760, 0.03021, 0.1420, 0.3149, 0.3158, 0.1542, 0.03596, 0.003925, 0.0001862,
  ]
  static let stuirtWeightsY: [Double] = [
    0.0001173, 0.003242, 0.03449, 0.1471, 0.3148, 0.3110, 0.1526, 0.03406, 0.002510, 0.0001116,
  ]

  /// STUIRT example 1 output (6 decimals), as asserted in jMetrik's IrtScaleLinkingTest.linkingTest3PL
  /// and StockingLordMethodTest/HaebaraMethodTest: (A, B). The characteristic-curve results use
  /// the symmetric criterion with the BILOG distributions above and standardised criteria
  /// (STUIRT options SY BI BI).
  static let stuirtMeanSigma = (A: 1.168891, B: -0.515543)
  static let stuirtMeanMean = (A: 1.217266, B: -0.557156)
  static let stuirtHaebaraSymmetric = (A: 1.067800, B: -0.471281)
  static let stuirtStockingLordSymmetric = (A: 1.083417, B: -0.487619)

  // MARK: Rasch example (sirt)

  /// Eight Rasch difficulties per form (D = 1) and sirt's `equating.rasch(fX, fY, theta = seq(-4, 4, by = .05))`
  /// results for B, from jMetrik's IrtScaleLinkingTest.linkingTestRasch (R code and values in its
  /// comments). sirt evaluates the criterion on the new (X) scale.
  static let raschX: [Double] = [
    -3.188047976, 1.031760328, 0.819040914, -2.706947360, -0.094527077, 0.689697135, -0.551837153, -0.359559276,
  ]
  static let raschY: [Double] = [
    -3.074599226, 1.012824350, 0.868538408, -2.404483603, 0.037402866, 0.700747420, -0.602555046, -0.350426446,
  ]
  static let raschMeanMeanB = 0.068484
  static let raschHaebaraB = 0.06468396
  static let raschStockingLordB = 0.05736233

  // MARK: True-score equating (PolyEquate)

  /// Form X (new) on the Form Y scale, 6 decimals (a, b, c), and Form Y, from jMetrik's
  /// IrtTrueScoreEquatingTest.init3PLM ("Item parameters from Kolen and Brennan").
  static let trueScoreX: [(Double, Double, Double)] = [
    (0.467344, -2.616539, 0.175056), (0.670924, -1.068342, 0.116490), (0.386976, -1.339358, 0.208748),
    (1.228024, 0.064115, 0.282599), (0.828161, -0.701780, 0.262510), (0.496452, -1.511753, 0.203834),
    (0.731571, 0.030429, 0.322391), (0.973113, -0.657195, 0.220907), (0.641447, -0.479277, 0.159961),
    (0.779740, 0.688159, 0.364807), (0.815589, 0.344648, 0.239862), (0.563967, -0.444704, 0.123961),
    (1.047915, -0.014127, 0.253470), (0.892128, 0.422782, 0.156932), (0.908926, 0.626040, 0.298628),
    (0.781655, 0.213016, 0.252099), (0.759750, 0.098919, 0.227257), (0.822383, -0.274926, 0.053538),
    (0.557961, -0.051057, 0.120098), (0.897580, 0.610857, 0.203621), (0.295784, 2.173474, 0.148927),
    (0.716916, 0.742542, 0.233231), (0.947343, 0.180908, 0.064409), (1.239634, 0.700229, 0.245270),
    (0.436801, 1.117559, 0.142681), (0.781728, 0.763879, 0.087920), (1.599493, 1.149537, 0.199245),
    (1.279241, 1.270811, 0.164220), (0.821706, 1.311960, 0.143102), (0.596854, 2.130355, 0.085290),
    (1.075705, 1.701967, 0.244298), (0.728471, 1.511532, 0.086474), (1.197162, 1.325326, 0.078897),
    (0.493857, 3.580113, 0.139884), (0.787070, 3.165387, 0.108961), (1.104752, 2.034859, 0.107530),
  ]
  static let trueScoreY: [(Double, Double, Double)] = [
    (0.870350, -1.450715, 0.157647), (0.462772, -0.406996, 0.109378), (0.441595, -1.334933, 0.155883),
    (0.544796, -0.901734, 0.138071), (0.619973, -1.486483, 0.211368), (0.572995, -1.321004, 0.191298),
    (1.175228, 0.069050, 0.294746), (0.445023, 0.232402, 0.272323), (0.598719, -0.709831, 0.117663),
    (0.847924, -0.425342, 0.144462), (1.031996, -0.818383, 0.093584), (0.604125, -0.353942, 0.081759),
    (0.829722, -0.019137, 0.128310), (0.725171, -0.315511, 0.085425), (0.990164, 0.531956, 0.302443),
    (0.774935, 0.539442, 0.217930), (0.594230, 0.898656, 0.229885), (0.808079, -0.115649, 0.064791),
    (0.964044, -0.194763, 0.163258), (0.783557, 0.350592, 0.129939), (0.413973, 2.553812, 0.240967),
    (0.761758, -0.158110, 0.113708), (1.195895, 0.505649, 0.239728), (1.355437, 0.581109, 0.224322),
    (1.186899, 0.622889, 0.257697), (1.029556, 0.389830, 0.185611), (1.041731, 0.939158, 0.165121),
    (1.205473, 1.135046, 0.232287), (0.969740, 0.697642, 0.107035), (0.633562, 1.896027, 0.079396),
    (1.082216, 1.386423, 0.185511), (1.019458, 0.919670, 0.102719), (1.134661, 1.079013, 0.063009),
    (1.194845, 1.841148, 0.099913), (1.196146, 2.029683, 0.083187), (0.925521, 2.133706, 0.125873),
  ]
  /// Form Y equivalents of Form X raw scores 0…36 from Kolen's PolyEquate program (same jMetrik
  /// test, `yequivTrue`).
  static let trueScoreEquivalents: [Double] = [
    0.000000, 0.888027, 1.776054, 2.66408, 3.552107, 4.440134, 5.328161, 6.134033, 7.185802, 8.39496,
    9.621725, 10.82559, 12.000215, 13.149525, 14.280262, 15.399495, 16.513518, 17.627108, 18.742944,
    19.861174, 20.979305, 22.09259, 23.194994, 24.280626, 25.345249, 26.387408, 27.408805, 28.413824,
    29.408303, 30.397704, 31.384411, 32.363711, 33.317925, 34.209551, 34.979905, 35.575623, 36.000000,
  ]
  /// PolyEquate's θ for Form X raw scores 0…36 (`xthetaTrue`); -99/99 mark scores without θ
  /// (0…6 lie below Σc = 6.527108; 36 is the maximum).
  static let trueScoreThetas: [Double] = [
    -99, -99, -99, -99, -99, -99, -99,
    -4.336128, -2.770096, -2.063286, -1.607182, -1.268170, -0.995059, -0.763274, -0.559258, -0.374740,
    -0.204264, -0.044016, 0.108779, 0.256195, 0.399813, 0.540889, 0.680503, 0.819717, 0.959750,
    1.102159, 1.249018, 1.403104, 1.568130, 1.749146, 1.953320, 2.191603, 2.482434, 2.860365,
    3.399176, 4.321431, 99,
  ]

  // MARK: Observed-score equating (Equating Recipes)

  /// Form X on the Form Y scale, 5 decimals (a, b, c), and the Form X group's BILOG distribution on
  /// the Form Y scale, from jMetrik's IrtObservedScoreEquatingTest.binaryItemsTest ("Kolen and
  /// Brennan Chapter 6 Example"). Form Y is ``stuirtCommonY`` extended to all 36 items (`iParamY`
  /// there).
  static let observedX: [(Double, Double, Double)] = [
    (0.46732, -2.61642, 0.1751), (0.67096, -1.06823, 0.1165), (0.38697, -1.33932, 0.2087),
    (1.22807, 0.06421, 0.2826), (0.82818, -0.70177, 0.2625), (0.49648, -1.51173, 0.2038),
    (0.73159, 0.03046, 0.3224), (0.97315, -0.6572, 0.2209), (0.64146, -0.47926, 0.1600),
    (0.77971, 0.68823, 0.3648), (0.81559, 0.3447, 0.2399), (0.56399, -0.44468, 0.1240),
    (1.04789, -0.01412, 0.2535), (0.89212, 0.42279, 0.1569), (0.90896, 0.62602, 0.2986),
    (0.78167, 0.2131, 0.2521), (0.75973, 0.0989, 0.2273), (0.8224, -0.27485, 0.0535),
    (0.55796, -0.03929, 0.1201), (0.89756, 0.61085, 0.2036), (0.29581, 2.1735, 0.1489),
    (0.71696, 0.74257, 0.2332), (0.94739, 0.18099, 0.0644), (1.23963, 0.70023, 0.2453),
    (0.43679, 1.11762, 0.1427), (0.78175, 0.76386, 0.0879), (1.59947, 1.14961, 0.1992),
    (1.27926, 1.27086, 0.1642), (0.82172, 1.31202, 0.1431), (0.5969, 2.13034, 0.0853),
    (1.0757, 1.70201, 0.2443), (0.72844, 1.5116, 0.0865), (1.1972, 1.32531, 0.0789),
    (0.49385, 3.58008, 0.1399), (0.78711, 3.1654, 0.1090), (1.10478, 2.03484, 0.1075),
  ]
  static let observedY: [(Double, Double, Double)] = [
    (0.8704, -1.4507, 0.1576), (0.4628, -0.4070, 0.1094), (0.4416, -1.3349, 0.1559),
    (0.5448, -0.9017, 0.1381), (0.6200, -1.4865, 0.2114), (0.5730, -1.3210, 0.1913),
    (1.1752, 0.0691, 0.2947), (0.4450, 0.2324, 0.2723), (0.5987, -0.7098, 0.1177),
    (0.8479, -0.4253, 0.1445), (1.0320, -0.8184, 0.0936), (0.6041, -0.3539, 0.0818),
    (0.8297, -0.0191, 0.1283), (0.7252, -0.3155, 0.0854), (0.9902, 0.5320, 0.3024),
    (0.7749, 0.5394, 0.2179), (0.5942, 0.8987, 0.2299), (0.8081, -0.1156, 0.0648),
    (0.9640, -0.1948, 0.1633), (0.7836, 0.3506, 0.1299), (0.4140, 2.5538, 0.2410),
    (0.7618, -0.1581, 0.1137), (1.1959, 0.5056, 0.2397), (1.3554, 0.5811, 0.2243),
    (1.1869, 0.6229, 0.2577), (1.0296, 0.3898, 0.1856), (1.0417, 0.9392, 0.1651),
    (1.2055, 1.1350, 0.2323), (0.9697, 0.6976, 0.1070), (0.6336, 1.8960, 0.0794),
    (1.0822, 1.3864, 0.1855), (1.0195, 0.9197, 0.1027), (1.1347, 1.0790, 0.0630),
    (1.1948, 1.8411, 0.0999), (1.1961, 2.0297, 0.0832), (0.9255, 2.1337, 0.1259),
  ]
  static let observedPointsX: [Double] = [
    -5.208486, -4.162956, -3.117426, -2.071895, -1.026365, 0.01798905, 1.063519, 2.109050, 3.154580, 4.200110,
  ]
  static let observedWeightsX: [Double] = [
    1.01e-4, 2.76e-3, 3.021e-2, 1.42e-1, 3.149e-1, 3.158e-1, 1.542e-1, 3.596e-2, 3.925e-3, 1.86e-4,
  ]
  /// Form Y equivalents of Form X raw scores 0…36 by IRT observed-score equating with synthetic
  /// weight w₁ = 1 (the Form X group), from Equating Recipes (Brennan, Wang, Kim & Seol, 2009) as
  /// asserted in the same jMetrik test (`trueEquatedValues`), 5 decimals.
  static let observedEquivalents: [Double] = [
    -0.34282, 0.61797, 1.58023, 2.54607, 3.51863, 4.50272, 5.50491, 6.53186, 7.58611, 8.66206, 9.74833,
    10.83677, 11.93076, 13.04597, 14.19741, 15.37004, 16.51341, 17.59764, 18.64402, 19.67901, 20.73909,
    21.8786, 23.10523, 24.29262, 25.36488, 26.36725, 27.34587, 28.32431, 29.32187, 30.35358, 31.38002,
    32.34828, 33.28258, 34.20073, 35.07631, 35.85308, 36.39047,
  ]

  // MARK: Lord–Wingersky (K&B p. 183)

  /// Kolen & Brennan (2004, p. 183): three items with P = .26, .27, .18 at one θ; the number-correct
  /// distribution is .442964, .416708, .127692, .012636 (reproduced as the example output of
  /// the R package classify's `wlord`, rdrr.io/cran/classify/man/w_lord.html).
  static let lordWingerskyProbabilities: [Double] = [0.26, 0.27, 0.18]
  static let lordWingerskyDistribution: [Double] = [0.442964, 0.416708, 0.127692, 0.012636]

  static func items(_ rows: [(Double, Double, Double)], prefix: String = "i") -> [ItemParameters] {
    rows.enumerated().map {
      ItemParameters(id: "\(prefix)\($0.offset + 1)", a: $0.element.0, b: $0.element.1, c: $0.element.2)
    }
  }
}
