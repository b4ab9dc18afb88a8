// COIN-OR CBC's C interface (Debian: coinor-libcbc-dev; pkg-config adds -I/usr/include/coin).
#include <coin/Cbc_C_Interface.h>
