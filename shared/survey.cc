#include "shared/survey.h"
