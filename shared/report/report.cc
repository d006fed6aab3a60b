#include "shared/report/report.h"
