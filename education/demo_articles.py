"""The demo town's information and school, as data: the four sections and their articles, each in
Chinese (the town's language, written first) and English.

Every item is a dict with a slug (unique across all lists), its dates as days before today, and a
"zh" and an "en" dict with the same keys. Tag lists of the two languages have the same length and
order, so a tag in one language is the translation of the tag at the same place in the other.
Rich text fields (body paragraphs, facts, ruling, legal_basis, advice, sources) are HTML; title,
introduction, lesson, topic, person_name, community and honour are plain text.

The cases and role models are fictional; the laws cited are real."""

SECTIONS = [
    {
        "model": "NewsIndexPage",
        "slug": "news",
        "zh": {"title": "乌镇资讯", "introduction": "通知公告、便民服务信息和镇里的活动。"},
        "en": {
            "title": "Wuzhen information",
            "introduction": "Notices, service information and events in the town.",
        },
    },
    {
        "model": "LawCaseIndexPage",
        "slug": "law-cases",
        "zh": {
            "title": "以案说法",
            "introduction": "身边的真实案例：发生了什么、怎么处理、依据哪条法律。",
        },
        "en": {
            "title": "Law cases",
            "introduction": (
                "Cases close to home: what happened, how it was dealt with, and which law applies."
            ),
        },
    },
    {
        "model": "HealthInfoIndexPage",
        "slug": "health",
        "zh": {
            "title": "健康知识",
            "introduction": "由卫生院审核的健康提示，注明来源和审核日期。",
        },
        "en": {
            "title": "Health information",
            "introduction": (
                "Health advice checked by the town health centre, with its sources and the date "
                "it was last reviewed."
            ),
        },
    },
    {
        "model": "RoleModelIndexPage",
        "slug": "role-models",
        "zh": {"title": "身边榜样", "introduction": "热心公益、守护家园的乌镇人。"},
        "en": {
            "title": "Role models",
            "introduction": "People of Wuzhen who help others and look after the place we live.",
        },
    },
]

NEWS = [
    {
        "slug": "water-outage-hongqiao",
        "kind": "notice",
        "days_ago": 1,
        "zh": {
            "title": "虹桥村部分区域计划停水通知",
            "introduction": "因更换供水主管，本周四9点至17点虹桥村部分区域停水，请提前储水。",
            "tags": ["民生"],
            "body": [
                "<p>自来水公司将更换虹桥村主干道下的老旧供水管。本周四9点至17点，沿线部分农户"
                "暂停供水，具体范围已张贴在村委会公告栏。</p>",
                "<p>请提前储水，并关好家中水龙头，防止恢复供水时跑水。恢复供水初期水质可能发黄，"
                "放水几分钟即可。</p>",
                "<p>如到时仍未恢复供水，或发现水管爆裂，请在乌镇管家选择“供水问题”上报。</p>",
            ],
        },
        "en": {
            "title": "Planned water cut in parts of Hongqiao Village",
            "introduction": (
                "The water will be off in parts of Hongqiao Village this Thursday, 9am to 5pm, "
                "while a main pipe is replaced. Please store water in advance."
            ),
            "tags": ["Livelihood"],
            "body": [
                "<p>The water company is replacing an old supply pipe under the main road of "
                "Hongqiao Village. This Thursday, from 9am to 5pm, some homes along the road will "
                "have no water. The notice board at the village committee shows which homes.</p>",
                "<p>Store some water before Thursday. Turn your taps off, so that no water runs "
                "when the supply comes back. The water may look yellow at first: let it run for a "
                "few minutes.</p>",
                "<p>If the water is still off after 5pm, or you see a burst pipe, report it on "
                "Wuzhen Housekeeper under “Water supply problem”.</p>",
            ],
        },
    },
    {
        "slug": "road-works-xinhua",
        "kind": "notice",
        "days_ago": 2,
        "zh": {
            "title": "新华路夜间施工通告",
            "introduction": "11月28日至12月5日每晚22点至次日5点，新华路部分路段封闭施工，请绕行。",
            "tags": ["交通"],
            "body": [
                "<p>为更换老化的雨污水管道，新华路部分路段将于11月28日至12月5日每晚22点至次日"
                "5点封闭施工。施工期间机动车请按现场指示牌绕行，行人和非机动车可从临时通道"
                "通过。</p>",
                "<p>白天道路正常通行。施工单位已采取降噪措施，夜间不使用大型破碎设备。如遇噪声"
                "扰民、围挡破损或夜间照明不足，请通过乌镇管家上报，选择“道路破损”或“噪声扰民”"
                "类别。</p>",
                "<p>给沿线居民和商户带来的不便，敬请谅解。</p>",
            ],
        },
        "en": {
            "title": "Night road works on Xinhua Road",
            "introduction": (
                "Part of Xinhua Road is closed every night from 10pm to 5am, 28 November to "
                "5 December. Please use another route."
            ),
            "tags": ["Traffic"],
            "body": [
                "<p>We are replacing old drains and sewers under Xinhua Road. Part of the road "
                "is closed every night from 10pm to 5am, from 28 November to 5 December. Drivers "
                "should follow the diversion signs. People on foot and on bikes can use a "
                "temporary path.</p>",
                "<p>The road is open as usual during the day. The contractor keeps noise down and "
                "uses no heavy breakers at night. If the works are too noisy, a barrier is broken "
                "or the site is badly lit, report it on Wuzhen Housekeeper under “Damaged road or "
                "pavement” or “Noise nuisance”.</p>",
                "<p>We are sorry for the disruption to people and businesses along the road.</p>",
            ],
        },
    },
    {
        "slug": "winter-heating-help",
        "kind": "service",
        "days_ago": 4,
        "zh": {
            "title": "冬季困难家庭取暖补贴开始申请",
            "introduction": "符合条件的家庭可在村（社区）便民服务中心申请，12月15日截止。",
            "tags": ["民生", "补贴"],
            "body": [
                "<p>今年冬季取暖补贴面向低保家庭、低保边缘家庭和特困供养人员。符合条件的家庭请"
                "携带户口簿和身份证，到所在村（社区）便民服务中心填写申请表。</p>",
                "<p>行动不便的老人可请网格管家代为联系，工作人员将上门办理。审核通过后，补贴直接"
                "发放到申请人的银行账户。</p>",
                "<p>申请截止日期为12月15日。有疑问可拨打12345咨询。</p>",
            ],
        },
        "en": {
            "title": "Winter heating help for low-income families: apply now",
            "introduction": (
                "Families who qualify can apply at their village or community service centre. "
                "The deadline is 15 December."
            ),
            "tags": ["Livelihood", "Subsidies"],
            "body": [
                "<p>This winter's heating help is for families on minimum living support, "
                "families just above that level, and people in state care. To apply, take your "
                "household register and ID card to the service centre of your village or "
                "community and fill in the form.</p>",
                "<p>If you find it hard to get out, ask your grid housekeeper to get in touch. "
                "Staff will come to your home. If your application is approved, the money goes "
                "straight into your bank account.</p>",
                "<p>The deadline is 15 December. For questions, call 12345.</p>",
            ],
        },
    },
    {
        "slug": "canal-cleanup-day",
        "kind": "event",
        "days_ago": 6,
        "zh": {
            "title": "周六一起清理河道：志愿者招募",
            "introduction": "本周六上午8点在西栅码头集合，工具由镇里提供，欢迎全家参加。",
            "tags": ["志愿服务", "环境"],
            "body": [
                "<p>本周六上午，我们将和护河志愿队一起清理西栅附近河道和河岸的垃圾。活动约两"
                "小时，工具、手套和饮用水由镇里提供。</p>",
                "<p>儿童须由家长陪同，只在岸上参加垃圾分拣和宣传，不上船、不下水。请穿防滑鞋。</p>",
                "<p>报名请联系所在网格的网格管家。</p>",
            ],
        },
        "en": {
            "title": "Help clean the canals this Saturday",
            "introduction": (
                "Meet at Xizha pier at 8am this Saturday. The town provides the tools. Families "
                "are welcome."
            ),
            "tags": ["Volunteering", "Environment"],
            "body": [
                "<p>This Saturday morning, join the canal volunteers to clear rubbish from the "
                "water and the banks near Xizha. It takes about two hours. The town provides "
                "tools, gloves and drinking water.</p>",
                "<p>Children must come with a parent. They stay on the bank, sorting rubbish and "
                "handing out leaflets, and do not go on the boats or into the water. Wear shoes "
                "that do not slip.</p>",
                "<p>To take part, tell your grid housekeeper.</p>",
            ],
        },
    },
    {
        "slug": "flu-vaccine-clinic",
        "kind": "service",
        "days_ago": 7,
        "zh": {
            "title": "卫生院开始接种流感疫苗",
            "introduction": "乌镇镇卫生院和部分村卫生室已开始接种流感疫苗，老人和儿童请尽早接种。",
            "tags": ["传染病", "老人"],
            "body": [
                "<p>今年的流感疫苗已经到货。乌镇镇卫生院预防接种门诊周一至周五开放，部分村卫生室"
                "也可接种。</p>",
                "<p>60岁以上老人、6月龄以上儿童、慢性病患者和孕妇是流感的高风险人群，建议尽早"
                "接种。接种时请携带身份证，儿童请带预防接种证。</p>",
                "<p>流感疫苗需要每年接种。接种后请在现场留观30分钟。</p>",
            ],
        },
        "en": {
            "title": "Flu vaccines now available at the health centre",
            "introduction": (
                "Wuzhen Town Health Centre and some village clinics are now giving flu vaccines. "
                "Older people and children should get theirs soon."
            ),
            "tags": ["Infectious diseases", "Older people"],
            "body": [
                "<p>This year's flu vaccine has arrived. The vaccination clinic at Wuzhen Town "
                "Health Centre is open Monday to Friday. Some village clinics also give it.</p>",
                "<p>Flu is most dangerous for people over 60, children over 6 months, people with "
                "long-term illnesses and pregnant women. They should get the vaccine as early as "
                "possible. Bring your ID card. For a child, bring their vaccination record.</p>",
                "<p>You need a flu vaccine every year. After the injection, stay at the clinic "
                "for 30 minutes.</p>",
            ],
        },
    },
    {
        "slug": "manhole-campaign",
        "kind": "notice",
        "days_ago": 9,
        "zh": {
            "title": "全镇开展井盖安全专项排查",
            "introduction": "各网格管家将在两周内逐一检查辖区井盖，发现小区井盖破损请随手上报。",
            "tags": ["市政设施", "安全"],
            "body": [
                "<p>为防止行人和车辆因井盖缺失、破损或松动发生意外，镇建设管理办会同各村（社区）"
                "开展为期两周的井盖安全专项排查。网格管家将对照台账，逐一检查辖区内的雨水、污水、"
                "电力和通信井盖。</p>",
                "<p>居民发现井盖问题，请在乌镇管家选择“井盖缺失破损”类别，拍照并在地图上标出"
                "位置。井盖缺失的，请先在周围放置明显的警示物，提醒过往行人和车辆。</p>",
                "<p>排查结束后，镇里将公布排查和整改情况。</p>",
            ],
        },
        "en": {
            "title": "Town-wide check of manhole covers",
            "introduction": (
                "Grid housekeepers will check every manhole cover in their grids within two "
                "weeks. If you see a broken cover on your estate, report it."
            ),
            "tags": ["Public works", "Safety"],
            "body": [
                "<p>Missing, broken or loose manhole covers can injure people and damage "
                "vehicles. For the next two weeks, the Construction Management Office and the "
                "villages and communities are checking them all. Grid housekeepers will go "
                "through the list for their grid: drain, sewer, power and telecom covers.</p>",
                "<p>If you find a problem with a cover, report it on Wuzhen Housekeeper under "
                "“Missing or broken manhole cover”. Take a photo and mark the place on the map. "
                "If a cover is missing, put something easy to see around the hole to warn people "
                "and drivers.</p>",
                "<p>When the check is over, the town will publish what was found and what was "
                "repaired.</p>",
            ],
        },
    },
    {
        "slug": "bus-timetable",
        "kind": "service",
        "days_ago": 12,
        "zh": {
            "title": "镇村公交冬季时刻表调整",
            "introduction": "自12月1日起，K282路首班车提前至6点发车。",
            "tags": ["交通"],
            "body": [
                "<p>为方便早班上班和上学的乘客，自12月1日起，K282路首班车由6点30分提前至6点"
                "发车，末班车时间不变。</p>",
                "<p>新的时刻表已张贴在沿线各站点。如发现站牌缺失或候车亭损坏，可在乌镇管家选择"
                "“公交站点设施”类别上报。</p>",
            ],
        },
        "en": {
            "title": "Winter timetable for town and village buses",
            "introduction": "From 1 December, the first K282 bus leaves at 6am.",
            "tags": ["Traffic"],
            "body": [
                "<p>To help people who start work or school early, the first K282 bus will leave "
                "at 6am instead of 6:30am from 1 December. The last bus does not change.</p>",
                "<p>The new timetable is up at every stop on the route. If a stop sign is missing "
                "or a shelter is damaged, report it on Wuzhen Housekeeper under “Bus stop "
                "facilities”.</p>",
            ],
        },
    },
    {
        "slug": "elderly-canteen",
        "kind": "service",
        "days_ago": 15,
        "zh": {
            "title": "民合村老年食堂开业",
            "introduction": "70岁以上老人每餐只需5元，可提前一天电话预订。",
            "tags": ["民生", "养老"],
            "body": [
                "<p>民合村居家养老服务照料中心的老年食堂本月正式开业，每天供应午餐和晚餐，一荤"
                "两素一汤。</p>",
                "<p>本村70岁以上老人凭身份证登记后，每餐只需5元；行动不便的老人可由志愿者送餐"
                "上门。请提前一天打电话或告诉网格管家预订。</p>",
                "<p>食堂接受市场监管部门的日常检查，每周菜单在食堂门口公示。</p>",
            ],
        },
        "en": {
            "title": "Canteen for older people opens in Minhe Village",
            "introduction": (
                "Meals cost only 5 yuan for people aged 70 and over. Book by phone the day before."
            ),
            "tags": ["Livelihood", "Elderly care"],
            "body": [
                "<p>The canteen at Minhe Village's day-care centre for older people opened this "
                "month. It serves lunch and dinner every day: one meat dish, two vegetable dishes "
                "and a soup.</p>",
                "<p>Villagers aged 70 and over register once with their ID card and then pay "
                "5 yuan a meal. Volunteers bring meals to people who cannot get out. Book the day "
                "before by phone or through your grid housekeeper.</p>",
                "<p>Market supervision staff inspect the canteen regularly. The menu for the week "
                "is posted at the door.</p>",
            ],
        },
    },
    {
        "slug": "fire-drill",
        "kind": "event",
        "days_ago": 18,
        "zh": {
            "title": "冬季消防安全演练",
            "introduction": "本月20日在镇中学举行，演示灭火器使用和家庭逃生路线。",
            "tags": ["安全"],
            "body": [
                "<p>乌镇消防救援站将在镇中学操场举行冬季消防安全演练。消防员将现场演示灭火器和"
                "室内消火栓的使用方法，讲解电动自行车起火的危险。</p>",
                "<p>居民可以亲手试用灭火器，学习规划家庭逃生路线：提前确认两条出路，睡前关好"
                "燃气阀门。</p>",
                "<p>活动免费，无需报名。</p>",
            ],
        },
        "en": {
            "title": "Winter fire safety drill",
            "introduction": (
                "At the town middle school on the 20th of this month: how to use an extinguisher "
                "and plan your way out of your home."
            ),
            "tags": ["Safety"],
            "body": [
                "<p>Wuzhen Fire and Rescue Station is holding a winter fire drill on the sports "
                "ground of the town middle school. Firefighters will show how to use "
                "extinguishers and indoor fire hoses, and explain why e-bike fires are so "
                "dangerous.</p>",
                "<p>You can try an extinguisher yourself and learn to plan your way out of your "
                "home: know two ways out, and turn off the gas before you go to bed.</p>",
                "<p>It is free. You do not need to book.</p>",
            ],
        },
    },
    {
        "slug": "garbage-sorting",
        "kind": "notice",
        "days_ago": 22,
        "zh": {
            "title": "垃圾分类新规明年起实施",
            "introduction": "厨余垃圾须破袋投放，网格管家将上门讲解。",
            "tags": ["环境"],
            "body": [
                "<p>按照镇里的生活垃圾分类实施方案，明年起，居民投放厨余垃圾（易腐垃圾）时须"
                "破袋投放：把垃圾倒进厨余垃圾桶，塑料袋投进其他垃圾桶。</p>",
                "<p>生活垃圾分为可回收物、有害垃圾、易腐垃圾和其他垃圾四类。网格管家将在未来"
                "一个月内上门讲解，并发放分类指南。</p>",
                "<p>发现垃圾桶满溢或垃圾无人清运，请在乌镇管家选择“垃圾清运”类别上报。</p>",
            ],
        },
        "en": {
            "title": "New rules for sorting rubbish from next year",
            "introduction": (
                "Food waste must go in the bin without its bag. Grid housekeepers will visit to "
                "explain."
            ),
            "tags": ["Environment"],
            "body": [
                "<p>Under the town's plan for sorting household waste, from next year you must "
                "empty food waste into the food waste bin and put the bag in the bin for other "
                "waste.</p>",
                "<p>Household waste is sorted into four kinds: recyclables, hazardous waste, food "
                "waste and other waste. Over the next month, grid housekeepers will visit every "
                "home to explain and hand out a guide.</p>",
                "<p>If a bin is overflowing or rubbish is not collected, report it on Wuzhen "
                "Housekeeper under “Rubbish not collected”.</p>",
            ],
        },
    },
    {
        "slug": "linkage-centre-open-day",
        "kind": "event",
        "days_ago": 27,
        "zh": {
            "title": "社会治理联动中心开放日",
            "introduction": "本周六联动中心向居民开放，看看你上报的问题是怎样被受理和派单的。",
            "tags": ["民生"],
            "body": [
                "<p>你在乌镇管家上报的问题，都会先到镇社会治理联动中心。本周六上午9点至11点，"
                "联动中心向居民开放。</p>",
                "<p>工作人员将演示一件诉求从受理、派单、处置到反馈评价的全过程，介绍“1+4+X”"
                "联动体系。大家可以查看全镇的办件统计，也可以当面提意见和建议。</p>",
                "<p>每批限30人，请通过网格管家报名。</p>",
            ],
        },
        "en": {
            "title": "Open day at the Social Governance Linkage Centre",
            "introduction": (
                "The linkage centre opens its doors this Saturday. See how the problems you "
                "report are received and sent to the right department."
            ),
            "tags": ["Livelihood"],
            "body": [
                "<p>Every problem you report on Wuzhen Housekeeper goes first to the town's "
                "Social Governance Linkage Centre. This Saturday, from 9am to 11am, the centre is "
                "open to residents.</p>",
                "<p>Staff will show how a report is received, dispatched, dealt with and "
                "evaluated, and explain the “1 + 4 + X” linkage system. You can see the figures "
                "for the whole town and tell staff what you think.</p>",
                "<p>Groups are limited to 30 people. Book through your grid housekeeper.</p>",
            ],
        },
    },
    {
        "slug": "housekeeper-recruitment",
        "kind": "notice",
        "days_ago": 33,
        "zh": {
            "title": "新一批网格管家招募",
            "introduction": "年满18周岁、热心公益的本镇居民都可以报名，成为所在网格的网格管家。",
            "tags": ["网格管家", "志愿服务"],
            "body": [
                "<p>网格管家是身边的志愿者：在自己的网格里留心观察，发现问题及时上报，帮不会用"
                "手机的邻居反映诉求，并在问题整改后到现场确认。</p>",
                "<p>年满18周岁、居住在本镇的居民都可报名，在职、退休均可。报名后由村（社区）"
                "审核，分配到你居住的网格。</p>",
                "<p>上报的问题经核实后可获得积分，积分可兑换奖励。报名请到村（社区）便民服务"
                "中心，或联系你的网格长。</p>",
            ],
        },
        "en": {
            "title": "Become a grid housekeeper",
            "introduction": (
                "Anyone aged 18 or over who lives in the town and wants to help can apply to be "
                "a housekeeper for their grid."
            ),
            "tags": ["Grid housekeepers", "Volunteering"],
            "body": [
                "<p>Grid housekeepers are volunteers who look after the grid where they live. "
                "They keep an eye out and report problems, help neighbours who cannot use a "
                "phone to report, and check on site that repairs were done.</p>",
                "<p>You can apply if you are 18 or over and live in Wuzhen, whether you work or "
                "are retired. Your village or community checks your application and gives you "
                "the grid where you live.</p>",
                "<p>Reports that are verified earn points, which you can exchange for rewards. "
                "To apply, go to your village or community service centre, or ask your grid "
                "leader.</p>",
            ],
        },
    },
    {
        "slug": "free-health-check",
        "kind": "service",
        "days_ago": 38,
        "zh": {
            "title": "65岁以上老人免费体检",
            "introduction": "本镇65岁及以上常住老人每年可在卫生院免费体检一次，请带身份证预约。",
            "tags": ["老人", "民生"],
            "body": [
                "<p>根据国家基本公共卫生服务项目，65岁及以上常住居民每年可免费享受一次健康体检，"
                "包括体格检查、血常规、尿常规、肝功能、肾功能、空腹血糖、血脂、心电图和腹部B超"
                "等项目。</p>",
                "<p>体检在乌镇镇卫生院进行，当天早上请空腹。请携带身份证，提前向村卫生室或家庭"
                "医生预约。行动不便的老人可由家属陪同。</p>",
                "<p>体检结果由家庭医生解读；发现问题的，将安排后续随访。</p>",
            ],
        },
        "en": {
            "title": "Free health check for people aged 65 and over",
            "introduction": (
                "Residents aged 65 and over can have one free health check a year at the health "
                "centre. Bring your ID card and book in advance."
            ),
            "tags": ["Older people", "Livelihood"],
            "body": [
                "<p>Under the national basic public health services, residents aged 65 and over "
                "get one free health check a year. It includes a physical examination, blood and "
                "urine tests, liver and kidney function, fasting blood sugar, blood fats, an ECG "
                "and an abdominal ultrasound.</p>",
                "<p>The check is at Wuzhen Town Health Centre. Do not eat that morning. Bring "
                "your ID card, and book through your village clinic or family doctor. A relative "
                "can come with you if you need help.</p>",
                "<p>Your family doctor will explain the results. If anything is found, they "
                "will arrange to follow it up.</p>",
            ],
        },
    },
    {
        "slug": "e-bike-charging",
        "kind": "notice",
        "days_ago": 45,
        "zh": {
            "title": "电动自行车请勿进楼入户充电",
            "introduction": "电动自行车电池起火蔓延快，请到集中充电点充电，不要在楼道和家中充电。",
            "tags": ["消防", "安全"],
            "body": [
                "<p>电动自行车火灾多发生在夜间充电时。电池一旦起火，几分钟内就会产生大量有毒"
                "烟气，停放在楼道里充电尤其危险。</p>",
                "<p>镇里已在各小区和村民集中居住点设置集中充电点。请不要把电动自行车或电池带进"
                "楼道、电梯和家中，不要私拉电线充电，不要改装电池。</p>",
                "<p>发现楼道内充电、“飞线”充电，请在乌镇管家选择“消防隐患”上报。</p>",
            ],
        },
        "en": {
            "title": "Do not charge e-bikes inside buildings",
            "introduction": (
                "E-bike battery fires spread fast. Charge at a shared charging point, not in the "
                "stairwell or at home."
            ),
            "tags": ["Fire safety", "Safety"],
            "body": [
                "<p>Most e-bike fires start while the battery is charging at night. A burning "
                "battery fills a building with toxic smoke within minutes. Charging in a "
                "stairwell is especially dangerous.</p>",
                "<p>The town has put shared charging points in every estate and village "
                "housing area. Do not take e-bikes or their batteries into stairwells, lifts or "
                "homes. Do not run cables out of windows to charge them, and do not modify "
                "batteries.</p>",
                "<p>If you see e-bikes charging in a stairwell or from a trailing cable, report "
                "it on Wuzhen Housekeeper under “Fire hazard”.</p>",
            ],
        },
    },
    {
        "slug": "anti-fraud-talk",
        "kind": "event",
        "days_ago": 48,
        "zh": {
            "title": "防范电信网络诈骗讲座进村",
            "introduction": "乌镇派出所民警将走进各村文化礼堂，讲解常见骗局和防骗方法。",
            "tags": ["安全", "老人"],
            "body": [
                "<p>冒充公检法、推销“保健品”、刷单返利……诈骗手段不断翻新，老年人往往是骗子的"
                "重点目标。</p>",
                "<p>本月起，乌镇派出所民警将轮流走进各村文化礼堂，用真实案例讲解常见骗局。请"
                "记住：公检法机关不会通过电话办案，也不会要求把钱转到所谓的“安全账户”。</p>",
                "<p>接到可疑电话，请先挂断，再拨打110或96110咨询。</p>",
            ],
        },
        "en": {
            "title": "Talks on phone and online fraud come to the villages",
            "introduction": (
                "Officers from Wuzhen Police Station will visit every village hall to explain "
                "common scams and how to avoid them."
            ),
            "tags": ["Safety", "Older people"],
            "body": [
                "<p>Callers pretending to be the police, “health products” sold at high prices, "
                "paid tasks that never pay: scams keep changing, and older people are often the "
                "target.</p>",
                "<p>From this month, officers from Wuzhen Police Station will take turns to "
                "visit each village's cultural hall and explain common scams with real cases. "
                "Remember: the police and courts never handle cases by phone, and never ask you "
                "to move money to a “safe account”.</p>",
                "<p>If a call seems suspicious, hang up. Then call 110 or the anti-fraud line "
                "96110 for advice.</p>",
            ],
        },
    },
    {
        "slug": "tourist-season-traffic",
        "kind": "notice",
        "days_ago": 58,
        "zh": {
            "title": "国庆假期景区周边交通管制",
            "introduction": (
                "假期期间西栅景区周边道路实行临时交通管制，请乘公交或在外围停车场停车。"
            ),
            "tags": ["交通"],
            "body": [
                "<p>国庆假期是乌镇游客最多的时候。为保障交通顺畅，假期期间西栅景区周边部分道路"
                "实行单向通行，禁止路边停车。</p>",
                "<p>自驾游客请按指示停到外围停车场，换乘接驳车前往景区。本地居民凭通行证正常"
                "进出。</p>",
                "<p>如发现车辆堵塞消防车通道或村道，请在乌镇管家选择“违法停车”上报，交警中队"
                "将及时处理。</p>",
            ],
        },
        "en": {
            "title": "Traffic controls around the scenic area during the National Day holiday",
            "introduction": (
                "Roads around the Xizha scenic area are under temporary traffic controls during "
                "the holiday. Take the bus or use the outer car parks."
            ),
            "tags": ["Traffic"],
            "body": [
                "<p>The National Day holiday is Wuzhen's busiest time for visitors. To keep "
                "traffic moving, some roads around the Xizha scenic area are one-way during the "
                "holiday, and parking at the roadside is not allowed.</p>",
                "<p>Visitors who drive should follow the signs to the outer car parks and take "
                "the shuttle bus. Local residents with a pass can come and go as usual.</p>",
                "<p>If a vehicle blocks a fire lane or a village road, report it on Wuzhen "
                "Housekeeper under “Illegal parking”. The Traffic Police Squad will deal with "
                "it.</p>",
            ],
        },
    },
    {
        "slug": "senior-smartphone-class",
        "kind": "event",
        "days_ago": 64,
        "zh": {
            "title": "老年人智能手机课堂开课",
            "introduction": (
                "志愿者手把手教老人用手机视频通话、预约挂号和上报问题，每周三下午开课。"
            ),
            "tags": ["老人", "志愿服务"],
            "body": [
                "<p>东栅社区老年活动中心每周三下午开设智能手机课堂，由青年志愿者一对一辅导。</p>",
                "<p>课程内容包括：视频通话、网上预约挂号、识别诈骗短信，以及用乌镇管家拍照上报"
                "身边的问题、查看办理进度。</p>",
                "<p>请带上自己的手机。课程免费，名额有限，请向社区报名。</p>",
            ],
        },
        "en": {
            "title": "Smartphone classes for older people",
            "introduction": (
                "Volunteers show older people how to make video calls, book a doctor and report "
                "problems on their phone. Every Wednesday afternoon."
            ),
            "tags": ["Older people", "Volunteering"],
            "body": [
                "<p>The older people's centre in Dongzha Community runs a smartphone class every "
                "Wednesday afternoon. Young volunteers help one to one.</p>",
                "<p>You will learn to make video calls, book a doctor's appointment online, spot "
                "scam messages, and use Wuzhen Housekeeper to report a problem with a photo and "
                "follow its progress.</p>",
                "<p>Bring your own phone. The class is free. Places are limited: book with the "
                "community.</p>",
            ],
        },
    },
    {
        "slug": "street-lights-upgrade",
        "kind": "notice",
        "days_ago": 75,
        "zh": {
            "title": "背街小巷路灯改造完工",
            "introduction": "老街区32条背街小巷换上了节能路灯，夜间出行更安全。",
            "tags": ["市政设施", "安全"],
            "body": [
                "<p>根据居民通过乌镇管家反映的意见，镇里对老街区的背街小巷路灯进行了改造，共"
                "更换和新增节能路灯一百余盏。</p>",
                "<p>改造后，过去居民反映较多的几处“黑路段”都已照亮。路灯由供电所统一维护。</p>",
                "<p>如发现路灯不亮、闪烁或白天不灭，请在乌镇管家选择“路灯故障”上报。</p>",
            ],
        },
        "en": {
            "title": "New street lights in the back lanes",
            "introduction": (
                "32 back lanes in the old town now have energy-saving street lights, so it is "
                "safer to walk at night."
            ),
            "tags": ["Public works", "Safety"],
            "body": [
                "<p>Residents told us on Wuzhen Housekeeper which lanes were too dark. The town "
                "has now replaced or added more than 100 energy-saving street lights in the back "
                "lanes of the old town.</p>",
                "<p>The dark spots that residents reported most are now lit. The Power Supply "
                "Station looks after the lights.</p>",
                "<p>If a street light is out, flickers or stays on during the day, report it on "
                "Wuzhen Housekeeper under “Street light out”.</p>",
            ],
        },
    },
    {
        "slug": "typhoon-preparedness",
        "kind": "notice",
        "days_ago": 100,
        "zh": {
            "title": "台风来临前，请做好这些准备",
            "introduction": "台风可能影响我镇，请加固门窗和户外物品，低洼地区居民留意转移通知。",
            "tags": ["安全"],
            "body": [
                "<p>据气象部门预报，台风外围将给我镇带来强风和强降雨，河道水位可能上涨。</p>",
                "<p>请收起阳台花盆和晾晒物品，加固广告牌、雨棚和临时搭建物；船只回港停靠；不要"
                "到河边、桥下观水或钓鱼。低洼地区和危旧房屋的居民，请留意村（社区）的转移"
                "通知。</p>",
                "<p>发现树木倒伏、电线落地或道路严重积水，请远离并立即上报；危及人身安全时，请"
                "拨打110或119。</p>",
            ],
        },
        "en": {
            "title": "A typhoon is coming: get ready",
            "introduction": (
                "A typhoon may reach the town. Secure windows and anything outdoors. If you live "
                "in a low-lying area, watch for instructions to move."
            ),
            "tags": ["Safety"],
            "body": [
                "<p>The weather service forecasts strong wind and heavy rain from the edge of a "
                "typhoon. Water levels in the canals may rise.</p>",
                "<p>Bring in flower pots and washing from balconies. Secure signs, awnings and "
                "temporary structures. Bring boats back to their moorings. Stay away from "
                "riverbanks and bridges, and do not go fishing. If you live in a low-lying area "
                "or an unsafe old house, watch for instructions from your village or community "
                "to move.</p>",
                "<p>If you see a fallen tree, a power line on the ground or a badly flooded "
                "road, keep away and report it at once. If anyone is in danger, call 110 or "
                "119.</p>",
            ],
        },
    },
    {
        "slug": "rural-road-repair",
        "kind": "notice",
        "days_ago": 120,
        "zh": {
            "title": "陈庄村村道修缮工程开工",
            "introduction": "陈庄村两条村道将分段修缮，施工约一个月，期间单侧通行。",
            "tags": ["交通", "市政设施"],
            "body": [
                "<p>居民反映较多的陈庄村村道坑洼、路面沉降问题，将通过本次工程集中修缮。工程"
                "分段施工，约一个月完工。</p>",
                "<p>施工期间道路单侧通行，请注意现场标志，夜间减速慢行。校车和公交车正常通行。</p>",
                "<p>施工单位的联系电话已在工地公示牌上公布。发现施工围挡缺失、夜间没有警示灯，"
                "请在乌镇管家选择“道路破损”上报。</p>",
            ],
        },
        "en": {
            "title": "Repairs start on Chenzhuang Village roads",
            "introduction": (
                "Two roads in Chenzhuang Village are being repaired section by section. The "
                "work takes about a month, with one lane open."
            ),
            "tags": ["Traffic", "Public works"],
            "body": [
                "<p>Residents have often reported potholes and sinking surfaces on two roads in "
                "Chenzhuang Village. This work repairs them. It is done section by section and "
                "takes about a month.</p>",
                "<p>One lane stays open while the work goes on. Follow the signs and drive "
                "slowly at night. School buses and public buses run as usual.</p>",
                "<p>The contractor's phone number is on the sign at the site. If a barrier is "
                "missing or there are no warning lights at night, report it on Wuzhen "
                "Housekeeper under “Damaged road or pavement”.</p>",
            ],
        },
    },
]

LAW_CASES = [
    {
        "slug": "illegal-extension",
        "days_ago": 8,
        "featured": True,
        "zh": {
            "title": "私自加盖楼顶，被责令限期拆除",
            "introduction": "村民未经审批在自家楼顶加建彩钢房，影响邻居采光，被依法责令拆除。",
            "tags": ["违法建筑"],
            "facts": (
                "<p>村民王某未办理任何审批手续，在三层住宅楼顶加建约40平方米的彩钢房。邻居反映"
                "采光和安全受影响，网格管家上报后，综合行政执法中队现场核查。</p>"
            ),
            "ruling": (
                "<p>执法中队认定该建筑属于未取得建设工程规划许可的违法建筑，责令王某15日内自行"
                "拆除；王某按期拆除。</p>"
            ),
            "legal_basis": "<p>《中华人民共和国城乡规划法》第六十四条、第六十五条。</p>",
            "lesson": (
                "盖房、加层、搭棚之前，先到村（社区）咨询是否需要审批。违法建筑不仅要拆，还可能"
                "被罚款。"
            ),
        },
        "en": {
            "title": "Rooftop room built without permission must come down",
            "introduction": (
                "A villager built a steel-sheet room on his roof without approval. It blocked "
                "his neighbours' light, and he was ordered to remove it."
            ),
            "tags": ["Illegal building"],
            "facts": (
                "<p>Villager Mr Wang did not apply for any approval. He built a steel-sheet room "
                "of about 40 square metres on the roof of his three-storey house. His neighbours "
                "said it took their light and was unsafe. A grid housekeeper reported it, and "
                "the Law Enforcement Squad inspected the site.</p>"
            ),
            "ruling": (
                "<p>The squad found that the room had no construction planning permit, so it "
                "was an illegal building. It ordered Mr Wang to remove it within 15 days. He "
                "removed it on time.</p>"
            ),
            "legal_basis": (
                "<p>Urban and Rural Planning Law of the People's Republic of China, articles 64 "
                "and 65.</p>"
            ),
            "lesson": (
                "Before you build, add a floor or put up a shed, ask your village or community "
                "whether you need approval. An illegal building must come down, and you may be "
                "fined as well."
            ),
        },
    },
    {
        "slug": "stall-on-road",
        "days_ago": 20,
        "featured": True,
        "zh": {
            "title": "占道经营屡劝不改，摊位被暂扣",
            "introduction": "商户长期在人行道摆摊，经多次劝导仍不整改，执法部门依法暂扣物品。",
            "tags": ["占道经营", "交通"],
            "facts": (
                "<p>某水果店长期将货架摆到人行道上，行人只能走机动车道。居民多次通过乌镇管家"
                "上报。</p>"
            ),
            "ruling": (
                "<p>执法中队先后三次劝导并下达整改通知书，店主仍未整改，遂依法暂扣占道货架，"
                "并处以罚款。</p>"
            ),
            "legal_basis": "<p>《城市市容和环境卫生管理条例》第十七条。</p>",
            "lesson": ("店门前的人行道是大家的路。经营需要空间，可以向镇里申请临时便民摊点。"),
        },
        "en": {
            "title": "Shop kept blocking the pavement: its stands were taken away",
            "introduction": (
                "A shop kept putting its stands on the pavement and ignored several warnings. "
                "Law enforcement officers removed the goods under the law."
            ),
            "tags": ["Street stalls", "Traffic"],
            "facts": (
                "<p>For months, a fruit shop put its stands out on the pavement, so people on "
                "foot had to walk in the road. Residents reported it on Wuzhen Housekeeper "
                "several times.</p>"
            ),
            "ruling": (
                "<p>The Law Enforcement Squad warned the owner three times and served a notice "
                "to put it right. The owner still did nothing, so the squad removed the stands "
                "from the pavement and fined the owner, as the law allows.</p>"
            ),
            "legal_basis": (
                "<p>Regulations on the Administration of City Appearance and Environmental "
                "Sanitation, article 17.</p>"
            ),
            "lesson": (
                "The pavement outside a shop belongs to everyone. If you need more room to "
                "trade, you can apply to the town for a temporary stall site."
            ),
        },
    },
    {
        "slug": "manhole-injury",
        "days_ago": 35,
        "featured": True,
        "zh": {
            "title": "小区井盖破损致人摔伤，管理人担责",
            "introduction": (
                "居民夜间踩到松动的小区井盖摔伤，物业公司不能证明尽到管理职责，被判赔偿大部分损失。"
            ),
            "tags": ["市政设施", "安全"],
            "facts": (
                "<p>居民李某晚上在小区内散步时，踩到一块松动破损的污水井盖。井盖翻转，李某右腿"
                "陷入井口摔伤，花去医疗费一万余元。此前已有居民向物业反映该井盖松动，但物业"
                "一直没有维修，也没有设置警示标志。</p>"
                "<p>李某要求物业公司赔偿，双方协商不成，李某向人民法院起诉。</p>"
            ),
            "ruling": (
                "<p>法院认为，该井盖位于小区公共区域，由物业公司负责管理维护。物业公司接到反映"
                "后既未维修也未设置警示，不能证明已尽到管理职责，应当承担侵权责任。李某夜间"
                "行走时也应注意脚下安全，可以适当减轻物业公司的责任。</p>"
                "<p>法院判决物业公司赔偿李某医疗费、误工费等损失的80%。</p>"
            ),
            "legal_basis": (
                "<p>《中华人民共和国民法典》第一千二百五十八条第二款：窨井等地下设施造成他人"
                "损害，管理人不能证明尽到管理职责的，应当承担侵权责任。</p>"
                "<p>《中华人民共和国民法典》第一千一百七十三条：被侵权人对同一损害的发生或者"
                "扩大有过错的，可以减轻侵权人的责任。</p>"
            ),
            "lesson": (
                "松动、破损的井盖是看不见的陷阱。发现后请立即上报；管理单位接到反映要及时维修，"
                "修好之前先设警示。"
            ),
        },
        "en": {
            "title": "Injured by a broken manhole cover: the manager is liable",
            "introduction": (
                "A resident fell through a loose manhole cover on her estate at night. The "
                "property company could not show it had looked after the cover and had to pay "
                "most of her losses."
            ),
            "tags": ["Public works", "Safety"],
            "facts": (
                "<p>Ms Li was walking on her estate one evening when she stepped on a loose, "
                "broken sewer cover. The cover tipped over, her right leg went into the hole and "
                "she was injured. Her medical bills came to more than 10,000 yuan. Other "
                "residents had already told the property company the cover was loose. The "
                "company had not repaired it or put up a warning.</p>"
                "<p>Ms Li asked the company to pay. They could not agree, so she took the "
                "company to court.</p>"
            ),
            "ruling": (
                "<p>The court found that the cover was in a shared part of the estate, which "
                "the property company manages. The company had been told about the cover but "
                "had neither repaired it nor put up a warning. It could not show that it had "
                "met its duty to manage the cover, so it was liable. Ms Li should also have "
                "watched where she was walking at night, which reduced the company's share.</p>"
                "<p>The court ordered the company to pay 80% of Ms Li's losses, including her "
                "medical bills and lost earnings.</p>"
            ),
            "legal_basis": (
                "<p>Civil Code of the People's Republic of China, article 1258, paragraph 2: "
                "where a manhole or other underground facility causes harm to others, the "
                "manager is liable unless it can prove that it fulfilled its management "
                "duties.</p>"
                "<p>Civil Code of the People's Republic of China, article 1173: where the "
                "injured person is also at fault for the harm happening or getting worse, the "
                "liability of the person causing it may be reduced.</p>"
            ),
            "lesson": (
                "A loose or broken manhole cover is a hidden trap. Report it as soon as you see "
                "it. Whoever manages a cover must repair it quickly, and put up a warning until "
                "it is fixed."
            ),
        },
    },
    {
        "slug": "falling-flowerpot",
        "days_ago": 50,
        "featured": True,
        "zh": {
            "title": "阳台花盆坠落砸坏汽车，业主赔偿修车费",
            "introduction": (
                "大风天阳台外的花盆坠落，砸坏楼下汽车。派出所查明来源后，经调解业主赔偿了修车费。"
            ),
            "tags": ["安全", "邻里"],
            "facts": (
                "<p>某小区居民张某的汽车停在楼下车位。一天夜里刮大风，一只花盆从楼上坠落，砸碎了"
                "汽车的前挡风玻璃。张某不知道花盆是谁家的，便报警，并通过乌镇管家上报。</p>"
                "<p>乌镇派出所调取小区监控，结合现场勘查，查明花盆来自五楼住户赵某家的阳台。"
                "赵某把花盆放在阳台护栏外侧，没有任何固定。</p>"
            ),
            "ruling": (
                "<p>经司法所和社区调解，赵某承认花盆是自家的，同意赔偿张某修车费四千余元，双方"
                "签订了调解协议。社区随后在全小区开展了阳台外侧物品清理。</p>"
            ),
            "legal_basis": (
                "<p>《中华人民共和国民法典》第一千二百五十三条：建筑物、构筑物或者其他设施及其"
                "搁置物、悬挂物发生脱落、坠落造成他人损害，所有人、管理人或者使用人不能证明自己"
                "没有过错的，应当承担侵权责任。</p>"
                "<p>《中华人民共和国民法典》第一千二百五十四条规定，禁止从建筑物中抛掷物品；从"
                "建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任；公安等机关应当依法"
                "及时调查，查清责任人。</p>"
            ),
            "lesson": (
                "阳台护栏外、窗台上不要摆放花盆和杂物。高空坠物可能伤人毁物，后果要由物品的"
                "主人承担。"
            ),
        },
        "en": {
            "title": "Flower pot fell from a balcony onto a car: the owner paid for repairs",
            "introduction": (
                "In a strong wind, a flower pot fell from a balcony and damaged a car below. The "
                "police found where it came from, and after mediation its owner paid for the "
                "repair."
            ),
            "tags": ["Safety", "Neighbours"],
            "facts": (
                "<p>Mr Zhang parked his car in a space below his block of flats. One windy "
                "night, a flower pot fell from above and smashed the windscreen. Mr Zhang did "
                "not know whose pot it was. He called the police and reported it on Wuzhen "
                "Housekeeper.</p>"
                "<p>Wuzhen Police Station checked the estate's CCTV and the scene. They found "
                "that the pot came from the balcony of Mr Zhao on the fifth floor. He had stood "
                "it on the outside of the balcony railing without fixing it.</p>"
            ),
            "ruling": (
                "<p>The Judicial Office and the community mediated. Mr Zhao accepted that the "
                "pot was his and agreed to pay more than 4,000 yuan for the repair. Both signed "
                "a mediation agreement. The community then had everything cleared from the "
                "outside of balconies across the estate.</p>"
            ),
            "legal_basis": (
                "<p>Civil Code of the People's Republic of China, article 1253: where a "
                "building, structure or other facility, or anything placed on or hung from it, "
                "comes loose or falls and causes harm to others, the owner, manager or user is "
                "liable unless they can prove they were not at fault.</p>"
                "<p>Civil Code of the People's Republic of China, article 1254: throwing things "
                "from buildings is forbidden. Whoever is responsible for an object thrown or "
                "falling from a building that harms others is liable under the law. The police "
                "and other authorities must investigate promptly to find out who is "
                "responsible.</p>"
            ),
            "lesson": (
                "Do not put flower pots or other things outside balcony railings or on window "
                "sills. Something falling from a height can hurt people and damage property, "
                "and its owner pays for the consequences."
            ),
        },
    },
    {
        "slug": "canal-sewage",
        "days_ago": 65,
        "featured": False,
        "zh": {
            "title": "餐馆私设暗管向河道排污，被责令整改并罚款",
            "introduction": (
                "一家餐馆把厨房废水直接排入河道，护河志愿者发现后上报，生态环境部门依法查处。"
            ),
            "tags": ["环境"],
            "facts": (
                "<p>护河志愿者巡河时发现，东栅附近一段河道水面常有油花，岸边有一根暗管。志愿者"
                "拍照后通过乌镇管家上报，联动中心将事件派给生态环境分局。</p>"
                "<p>执法人员现场检查发现，附近一家餐馆没有把厨房废水接入污水管网，也没有安装"
                "隔油设施，废水通过暗管直接排入河道。</p>"
            ),
            "ruling": (
                "<p>生态环境部门责令餐馆立即停止排放、封堵暗管，限期安装隔油设施并接入污水管网，"
                "并依法处以罚款。餐馆按期完成整改，经复查合格。</p>"
            ),
            "legal_basis": (
                "<p>《中华人民共和国水污染防治法》：禁止私设暗管等逃避监管的方式排放水污染物。"
                "</p>"
                "<p>《城镇排水与污水处理条例》。</p>"
            ),
            "lesson": (
                "河道是水乡的命脉。经营户的废水要经过隔油处理、接入污水管网，不能图省事排进河里。"
            ),
        },
        "en": {
            "title": "Restaurant piped waste water into a canal: ordered to stop and fined",
            "introduction": (
                "A restaurant ran its kitchen waste water straight into a canal. River "
                "volunteers reported it, and the environment office took action under the law."
            ),
            "tags": ["Environment"],
            "facts": (
                "<p>On patrol, river volunteers saw an oily film on a stretch of canal near "
                "Dongzha, and a hidden pipe in the bank. They took photos and reported it on "
                "Wuzhen Housekeeper. The linkage centre sent the case to the Ecology and "
                "Environment Office.</p>"
                "<p>Inspectors found that a nearby restaurant had not connected its kitchen "
                "drains to the sewer and had no grease trap. Its waste water ran through the "
                "hidden pipe straight into the canal.</p>"
            ),
            "ruling": (
                "<p>The environment office ordered the restaurant to stop at once and block the "
                "pipe, and to fit a grease trap and connect to the sewer by a deadline. It also "
                "fined the restaurant under the law. The restaurant did the work on time and "
                "passed a follow-up inspection.</p>"
            ),
            "legal_basis": (
                "<p>Water Pollution Prevention and Control Law of the People's Republic of "
                "China: discharging water pollutants through hidden pipes, or in other ways "
                "that avoid supervision, is forbidden.</p>"
                "<p>Regulations on Urban Drainage and Sewage Treatment.</p>"
            ),
            "lesson": (
                "The canals are the lifeblood of a water town. Businesses must pass their waste "
                "water through a grease trap into the sewer, never take the short cut into the "
                "river."
            ),
        },
    },
    {
        "slug": "fire-lane-blocked",
        "days_ago": 80,
        "featured": True,
        "zh": {
            "title": "消防车通道堆放杂物拒不清除，经营者被罚款",
            "introduction": (
                "一家民宿装修时在消防车通道上堆放建材杂物，被责令改正后仍不清除，被依法处罚。"
            ),
            "tags": ["消防", "安全"],
            "facts": (
                "<p>西栅附近一家民宿装修期间，在小区唯一的消防车通道上堆放建材和旧家具，占去大半"
                "个路面。邻居担心发生火灾时消防车进不来，通过乌镇管家上报。</p>"
                "<p>消防救援站检查后当场下达责令改正通知书，要求三日内清除。三天后复查，杂物仍未"
                "清除。</p>"
            ),
            "ruling": (
                "<p>消防救援机构依法对该民宿经营者处以罚款，并组织强制清除，费用由经营者承担。"
                "此后，社区在消防车通道上施划了禁止占用标线，网格管家每周巡查。</p>"
            ),
            "legal_basis": (
                "<p>《中华人民共和国消防法》第二十八条：任何单位、个人不得损坏、挪用或者擅自拆除、"
                "停用消防设施、器材，不得埋压、圈占、遮挡消火栓或者占用防火间距，不得占用、堵塞、"
                "封闭疏散通道、安全出口、消防车通道。</p>"
                "<p>《中华人民共和国消防法》第六十条（占用、堵塞、封闭消防车通道等行为的处罚；"
                "经责令改正拒不改正的，强制执行）。</p>"
            ),
            "lesson": (
                "消防车通道是生命通道，一分钟也不能堵。装修材料和杂物请放在自家院内，停车不要"
                "占用消防车通道。"
            ),
        },
        "en": {
            "title": "Blocked fire lane not cleared: the owner was fined",
            "introduction": (
                "A guesthouse piled building materials on a fire lane during renovation and did "
                "not clear them when ordered to. It was penalised under the law."
            ),
            "tags": ["Fire safety", "Safety"],
            "facts": (
                "<p>While a guesthouse near Xizha was being renovated, building materials and "
                "old furniture were piled on the only fire lane of the estate, taking up most of "
                "the road. Neighbours were afraid a fire engine could not get through, and "
                "reported it on Wuzhen Housekeeper.</p>"
                "<p>The Fire and Rescue Station inspected and served an order to clear the lane "
                "within three days. Three days later, nothing had been moved.</p>"
            ),
            "ruling": (
                "<p>The fire authority fined the guesthouse owner under the law and had the lane "
                "cleared, at the owner's cost. The community has since painted no-obstruction "
                "markings on the fire lane, and grid housekeepers check it every week.</p>"
            ),
            "legal_basis": (
                "<p>Fire Protection Law of the People's Republic of China, article 28: no "
                "organisation or person may damage, misuse, remove or disable fire equipment, "
                "bury, enclose or block fire hydrants, occupy fire separation distances, or "
                "occupy, block or close escape routes, emergency exits or fire lanes.</p>"
                "<p>Fire Protection Law of the People's Republic of China, article 60 "
                "(penalties for occupying, blocking or closing fire lanes and similar acts; "
                "enforcement where an order to put it right is refused).</p>"
            ),
            "lesson": (
                "A fire lane can save lives, so never block it, even for a minute. Keep "
                "building materials and clutter on your own property, and do not park on fire "
                "lanes."
            ),
        },
    },
    {
        "slug": "neighbour-aircon-dispute",
        "days_ago": 95,
        "featured": False,
        "zh": {
            "title": "空调外机对着邻居窗户，调解后移位",
            "introduction": (
                "新装的空调外机正对邻居卧室窗户，热风和噪声引发纠纷。经人民调解，双方握手言和。"
            ),
            "tags": ["邻里"],
            "facts": (
                "<p>陈庄村村民周某建好新房后，把空调外机装在紧贴邻居吴某卧室窗户的外墙上。夏天"
                "外机整夜运转，热风直吹窗户，噪声让吴某一家难以入睡。双方多次争吵，矛盾越来"
                "越大。</p>"
                "<p>吴某通过乌镇管家反映后，联动中心将事件派给司法所，由村人民调解委员会介入"
                "调解。</p>"
            ),
            "ruling": (
                "<p>调解员上门察看现场，向双方讲解相邻关系的法律规定。经调解，周某同意把外机"
                "移到不影响邻居的位置，移机费用由周某承担，双方签订了人民调解协议书。</p>"
            ),
            "legal_basis": (
                "<p>《中华人民共和国民法典》第二百八十八条：不动产的相邻权利人应当按照有利生产、"
                "方便生活、团结互助、公平合理的原则，正确处理相邻关系。</p>"
                "<p>《中华人民共和国民法典》第二百九十四条：不动产权利人不得违反国家规定弃置固体"
                "废物，排放大气污染物、水污染物、土壤污染物、噪声、光辐射、电磁辐射等有害"
                "物质。</p>"
                "<p>《中华人民共和国人民调解法》。</p>"
            ),
            "lesson": (
                "远亲不如近邻。安装空调外机、排烟管道之前，先想想会不会影响邻居；有了矛盾，可以"
                "请人民调解员帮忙，人民调解不收费。"
            ),
        },
        "en": {
            "title": "Air conditioner facing a neighbour's window moved after mediation",
            "introduction": (
                "A new air conditioner unit faced a neighbour's bedroom window. Hot air and "
                "noise led to a dispute, which a people's mediator helped to settle."
            ),
            "tags": ["Neighbours"],
            "facts": (
                "<p>After building a new house, Chenzhuang villager Mr Zhou fixed his air "
                "conditioner's outdoor unit to the wall right next to the bedroom window of his "
                "neighbour, Mr Wu. In summer the unit ran all night, blowing hot air at the "
                "window, and the noise kept Mr Wu's family awake. They argued many times and "
                "the quarrel grew.</p>"
                "<p>Mr Wu raised it on Wuzhen Housekeeper. The linkage centre sent the case to "
                "the Judicial Office, and the village's people's mediation committee stepped "
                "in.</p>"
            ),
            "ruling": (
                "<p>A mediator visited both homes and explained what the law says about "
                "neighbours. Mr Zhou agreed to move the unit to a place where it does not "
                "disturb his neighbour, at his own cost. Both signed a people's mediation "
                "agreement.</p>"
            ),
            "legal_basis": (
                "<p>Civil Code of the People's Republic of China, article 288: neighbouring "
                "property holders shall deal with their relations properly, in a spirit of "
                "helping production, making life convenient, unity and mutual help, and "
                "fairness.</p>"
                "<p>Civil Code of the People's Republic of China, article 294: property holders "
                "shall not, against state rules, dump solid waste or emit air, water or soil "
                "pollutants, noise, light, electromagnetic radiation or other harmful "
                "substances.</p>"
                "<p>People's Mediation Law of the People's Republic of China.</p>"
            ),
            "lesson": (
                "A good neighbour is worth more than a distant relative. Before you fit an air "
                "conditioner or an extractor flue, think about how it affects the people next "
                "door. If you fall out, ask a people's mediator for help: people's mediation is "
                "free."
            ),
        },
    },
    {
        "slug": "illegal-parking-scenic",
        "days_ago": 110,
        "featured": False,
        "zh": {
            "title": "景区路口违停堵塞交通，车辆被拖移",
            "introduction": (
                "旅游旺季，一辆小汽车停在景区路口人行道上，驾驶人联系不上，交警依法拖移并罚款。"
            ),
            "tags": ["交通"],
            "facts": (
                "<p>暑期旅游旺季的一个周末，一辆外地小汽车停在西栅景区附近路口的人行道上，占了"
                "盲道和半个路口。行人只能绕到机动车道上，接驳车也无法转弯。</p>"
                "<p>居民通过乌镇管家上报，联动中心将事件派给交警中队。交警到场后按车辆登记信息"
                "多次联系驾驶人，均无法接通。</p>"
            ),
            "ruling": (
                "<p>交警依法将车辆拖移到指定地点停放，并对驾驶人处以罚款。驾驶人取车时接受了"
                "处罚。</p>"
            ),
            "legal_basis": (
                "<p>《中华人民共和国道路交通安全法》第五十六条：机动车应当在规定地点停放。禁止在"
                "人行道上停放机动车；但是，依照本法第三十三条规定施划的停车泊位除外。</p>"
                "<p>《中华人民共和国道路交通安全法》第九十三条：机动车驾驶人不在现场或者虽在现场"
                "但拒绝立即驶离，妨碍其他车辆、行人通行的，处二十元以上二百元以下罚款，并可以将"
                "该机动车拖移至不妨碍交通的地点或者公安机关交通管理部门指定的地点停放。</p>"
            ),
            "lesson": (
                "到乌镇游玩，请把车停进停车场。人行道和盲道是行人的路，违停不仅会被罚款，还可能"
                "被拖车。"
            ),
        },
        "en": {
            "title": "Car parked across a junction near the scenic area was towed",
            "introduction": (
                "In the busy tourist season, a car was left on the pavement at a junction near "
                "the scenic area. The driver could not be reached, so the traffic police towed "
                "it and fined the driver."
            ),
            "tags": ["Traffic"],
            "facts": (
                "<p>On a summer weekend at the height of the tourist season, a car from out of "
                "town was parked on the pavement at a junction near the Xizha scenic area. It "
                "covered the tactile paving and half the junction. People on foot had to walk "
                "in the road, and the shuttle buses could not turn.</p>"
                "<p>A resident reported it on Wuzhen Housekeeper, and the linkage centre sent "
                "the case to the Traffic Police Squad. Officers tried many times to call the "
                "registered keeper but could not get through.</p>"
            ),
            "ruling": (
                "<p>The police towed the car to an approved place and fined the driver under "
                "the law. The driver accepted the penalty when collecting the car.</p>"
            ),
            "legal_basis": (
                "<p>Road Traffic Safety Law of the People's Republic of China, article 56: "
                "motor vehicles must park in designated places. Parking on the pavement is "
                "forbidden, except in parking bays marked under article 33 of the law.</p>"
                "<p>Road Traffic Safety Law of the People's Republic of China, article 93: "
                "where the driver is not there, or is there but refuses to move at once, and "
                "the vehicle obstructs other vehicles or pedestrians, a fine of 20 to 200 yuan "
                "is imposed, and the vehicle may be towed to a place where it does not obstruct "
                "traffic or to a place chosen by the traffic police.</p>"
            ),
            "lesson": (
                "When you visit Wuzhen, park in a car park. Pavements and tactile paving are for "
                "people on foot. Parking on them can cost you a fine and a tow."
            ),
        },
    },
]

HEALTH = [
    {
        "slug": "falls-older-people",
        "days_ago": 14,
        "reviewed_days_ago": 14,
        "featured": True,
        "zh": {
            "title": "老人防跌倒，家里改一改",
            "introduction": (
                "跌倒是我国65岁以上老年人因伤害死亡的首位原因。家中防滑、照明和扶手，加上适量"
                "锻炼，可以减少跌倒。"
            ),
            "topic": "老年人跌倒",
            "tags": ["老人", "安全"],
            "advice": (
                "<ol>"
                "<li>地面保持干燥，浴室铺防滑垫，马桶和淋浴旁安装扶手。</li>"
                "<li>过道不堆放杂物，电线收好；夜间在卧室到卫生间的路上留一盏小夜灯。</li>"
                "<li>穿合脚、防滑的鞋，不穿拖鞋外出；起床、起身时动作放慢，先坐一会儿再"
                "站起来。</li>"
                "<li>坚持适合自己的锻炼，如太极拳、散步，增强腿部力量和平衡能力。</li>"
                "<li>服用降压药、安眠药等可能引起头晕的药物时，请向医生咨询用药和注意事项。"
                "</li>"
                "<li>老人跌倒后不要急于扶起：先看是否清醒、哪里疼痛；怀疑骨折或意识不清时不要"
                "随意搬动，立即拨打120。</li>"
                "<li>发现台阶、桥面破损或路灯不亮，请通过乌镇管家上报。</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>国家卫生健康委员会</li><li>中国疾病预防控制中心</li>"
                "<li>乌镇镇卫生院</li></ul>"
            ),
        },
        "en": {
            "title": "Preventing falls in older people: small changes at home",
            "introduction": (
                "Falls are the leading cause of injury deaths among people over 65 in China. "
                "Non-slip floors, good lighting, grab rails and regular exercise all help."
            ),
            "topic": "Falls in older people",
            "tags": ["Older people", "Safety"],
            "advice": (
                "<ol>"
                "<li>Keep floors dry. Put a non-slip mat in the bathroom and grab rails by the "
                "toilet and shower.</li>"
                "<li>Keep passages clear of clutter and cables. Leave a night light on between "
                "the bedroom and the toilet.</li>"
                "<li>Wear shoes that fit and do not slip. Do not go out in slippers. Get up "
                "slowly: sit for a moment before you stand.</li>"
                "<li>Keep active in a way that suits you, such as tai chi or walking, to build "
                "leg strength and balance.</li>"
                "<li>If you take medicines that can make you dizzy, such as blood pressure "
                "tablets or sleeping pills, ask your doctor for advice.</li>"
                "<li>If an older person falls, do not rush to lift them. Check that they are "
                "awake and where it hurts. If a bone may be broken or they are confused or "
                "unconscious, do not move them: call 120.</li>"
                "<li>If you see broken steps, a damaged bridge surface or a street light that is "
                "out, report it on Wuzhen Housekeeper.</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>National Health Commission</li><li>Chinese Center for Disease Control "
                "and Prevention</li><li>Wuzhen Town Health Centre</li></ul>"
            ),
        },
    },
    {
        "slug": "flu-season",
        "days_ago": 30,
        "reviewed_days_ago": 30,
        "featured": True,
        "zh": {
            "title": "流感高发季，这样保护全家",
            "introduction": "接种疫苗、勤洗手、出现高热及时就医。",
            "topic": "流感",
            "tags": ["传染病", "儿童", "老人"],
            "advice": (
                "<ol><li>60岁以上老人和6月龄以上儿童尽早接种流感疫苗。</li><li>勤洗手，咳嗽打"
                "喷嚏时遮住口鼻。</li><li>高热超过三天或呼吸困难，请立即到卫生院就诊。</li></ol>"
            ),
            "sources": "<ul><li>国家卫生健康委员会《流感诊疗方案》</li><li>乌镇镇卫生院</li></ul>",
        },
        "en": {
            "title": "Flu season: how to protect your family",
            "introduction": (
                "Get vaccinated, wash your hands often, and see a doctor if you have a high fever."
            ),
            "topic": "Flu",
            "tags": ["Infectious diseases", "Children", "Older people"],
            "advice": (
                "<ol><li>People over 60 and children over 6 months old should get a flu vaccine "
                "as early as possible.</li><li>Wash your hands often. Cover your mouth and nose "
                "when you cough or sneeze.</li><li>If a high fever lasts more than three days, "
                "or you find it hard to breathe, go to the health centre straight away.</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>National Health Commission: Influenza Diagnosis and Treatment "
                "Guidelines</li><li>Wuzhen Town Health Centre</li></ul>"
            ),
        },
    },
    {
        "slug": "gas-safety-winter",
        "days_ago": 40,
        "reviewed_days_ago": 40,
        "featured": True,
        "zh": {
            "title": "冬季用气安全：防止一氧化碳中毒",
            "introduction": "燃气热水器不要装在浴室里，使用时保持通风。",
            "topic": "一氧化碳中毒",
            "tags": ["安全", "老人"],
            "advice": (
                "<ol><li>使用燃气热水器和取暖炉时保持通风。</li><li>出现头晕、恶心，立即开窗并"
                "离开房间，拨打120。</li></ol>"
            ),
            "sources": "<ul><li>桐乡市疾病预防控制中心</li></ul>",
        },
        "en": {
            "title": "Gas safety in winter: avoid carbon monoxide poisoning",
            "introduction": (
                "Do not fit a gas water heater inside a bathroom. Keep the room ventilated when "
                "you use it."
            ),
            "topic": "Carbon monoxide poisoning",
            "tags": ["Safety", "Older people"],
            "advice": (
                "<ol><li>Keep the room ventilated when you use a gas water heater or a heating "
                "stove.</li><li>If you feel dizzy or sick, open the windows at once, leave the "
                "room and call 120.</li></ol>"
            ),
            "sources": "<ul><li>Tongxiang Center for Disease Control and Prevention</li></ul>",
        },
    },
    {
        "slug": "hypertension",
        "days_ago": 55,
        "reviewed_days_ago": 20,
        "featured": True,
        "zh": {
            "title": "高血压：早发现，长期管理",
            "introduction": (
                "很多高血压患者没有任何感觉。成年人最好每年量一次血压，确诊后要坚持规范治疗。"
            ),
            "topic": "高血压",
            "tags": ["慢性病", "老人"],
            "advice": (
                "<ol>"
                "<li>成年人最好每年至少测量一次血压。在未使用降压药的情况下，非同日三次测量诊室"
                "血压，收缩压≥140 mmHg和（或）舒张压≥90 mmHg，可诊断为高血压。家中自测偏高，"
                "请到卫生院确诊。</li>"
                "<li>少吃盐，每人每天不超过5克；少吃腌菜、酱菜、酱鸭等高盐食品。</li>"
                "<li>控制体重，戒烟限酒，每周进行至少150分钟中等强度运动，如快走、骑车。</li>"
                "<li>确诊后遵医嘱长期服药，不要因为血压降下来了就自行停药或减药。</li>"
                "<li>可以与家庭医生签约，定期随访血压，接受用药指导。</li>"
                "<li>出现剧烈头痛、胸痛、一侧肢体无力或说话不清，立即拨打120。</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>国家卫生健康委员会</li><li>《中国高血压防治指南》</li>"
                "<li>乌镇镇卫生院</li></ul>"
            ),
        },
        "en": {
            "title": "High blood pressure: find it early, manage it for life",
            "introduction": (
                "Many people with high blood pressure feel nothing. Adults should have their "
                "blood pressure checked every year, and keep up treatment once diagnosed."
            ),
            "topic": "High blood pressure",
            "tags": ["Chronic illness", "Older people"],
            "advice": (
                "<ol>"
                "<li>Adults should have their blood pressure measured at least once a year. "
                "High blood pressure is diagnosed when, without medication, readings taken at "
                "the clinic on three different days are 140 mmHg or more (systolic) and/or "
                "90 mmHg or more (diastolic). If your readings at home are high, go to the "
                "health centre to confirm.</li>"
                "<li>Eat less salt: no more than 5 grams a day. Cut down on pickles, preserved "
                "vegetables, soy-braised duck and other salty food.</li>"
                "<li>Keep a healthy weight, stop smoking, drink less alcohol, and do at least "
                "150 minutes of moderate exercise a week, such as brisk walking or cycling.</li>"
                "<li>Once diagnosed, take your medicine as your doctor tells you. Do not stop or "
                "cut it down yourself because your blood pressure is now normal.</li>"
                "<li>Sign up with a family doctor for regular blood pressure checks and advice "
                "on your medicine.</li>"
                "<li>Call 120 at once for a sudden severe headache, chest pain, weakness on one "
                "side of the body or slurred speech.</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>National Health Commission</li><li>Chinese Guidelines for the "
                "Prevention and Treatment of Hypertension</li><li>Wuzhen Town Health Centre</li>"
                "</ul>"
            ),
        },
    },
    {
        "slug": "mosquitoes-dengue",
        "days_ago": 70,
        "reviewed_days_ago": 70,
        "featured": False,
        "zh": {
            "title": "清除积水，防蚊防登革热",
            "introduction": (
                "登革热通过伊蚊叮咬传播。清除家中和房前屋后的积水，是最有效的防蚊办法。"
            ),
            "topic": "登革热",
            "tags": ["传染病", "环境"],
            "advice": (
                "<ol>"
                "<li>每周至少清理一次积水：翻盆倒罐，清理花盆托盘、废旧轮胎和瓶罐里的积水；水培"
                "植物每3至5天换一次水。</li>"
                "<li>外出穿浅色长袖衣裤，在裸露的皮肤上使用驱蚊剂；家中安装纱窗纱门，睡觉时"
                "使用蚊帐。</li>"
                "<li>登革热常见症状为突然发热、头痛、眼眶痛、肌肉和关节疼痛、皮疹。出现这些"
                "症状请及时就医，并告诉医生近期是否去过登革热流行地区。</li>"
                "<li>登革热患者在发病初期要做好防蚊隔离，避免被蚊子叮咬后传给他人。</li>"
                "<li>房前屋后有垃圾堆积、积水难以清理的，请通过乌镇管家上报。</li>"
                "</ol>"
            ),
            "sources": ("<ul><li>中国疾病预防控制中心</li><li>桐乡市疾病预防控制中心</li></ul>"),
        },
        "en": {
            "title": "Empty standing water to stop mosquitoes and dengue fever",
            "introduction": (
                "Dengue fever spreads through the bites of Aedes mosquitoes. Getting rid of "
                "standing water in and around your home is the best way to stop them."
            ),
            "topic": "Dengue fever",
            "tags": ["Infectious diseases", "Environment"],
            "advice": (
                "<ol>"
                "<li>Empty standing water at least once a week: turn over pots and buckets, and "
                "empty plant saucers, old tyres, bottles and cans. Change the water of plants "
                "grown in water every 3 to 5 days.</li>"
                "<li>Outdoors, wear light-coloured long sleeves and trousers, and put insect "
                "repellent on bare skin. Fit screens on windows and doors, and sleep under a "
                "mosquito net.</li>"
                "<li>Common signs of dengue are a sudden fever, headache, pain behind the eyes, "
                "muscle and joint pain, and a rash. If you have them, see a doctor, and say if "
                "you have recently been to a place where dengue is common.</li>"
                "<li>People with dengue should keep away from mosquitoes in the first days of "
                "the illness, so that mosquitoes do not pass it on to others.</li>"
                "<li>If rubbish or standing water near your home is too much to clear yourself, "
                "report it on Wuzhen Housekeeper.</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>Chinese Center for Disease Control and Prevention</li><li>Tongxiang "
                "Center for Disease Control and Prevention</li></ul>"
            ),
        },
    },
    {
        "slug": "summer-food-safety",
        "days_ago": 88,
        "reviewed_days_ago": 60,
        "featured": False,
        "zh": {
            "title": "夏秋季节，谨防食物中毒",
            "introduction": "天气炎热，细菌繁殖快。生熟分开、烧熟煮透、剩菜冷藏，不采食野生蘑菇。",
            "topic": "食物中毒",
            "tags": ["食品安全"],
            "advice": (
                "<ol>"
                "<li>保持清洁：饭前便后、处理食物前后要洗手，厨房用具和台面保持清洁。</li>"
                "<li>生熟分开：切过生肉、生鱼的刀和砧板，不要再直接切熟食和凉菜。</li>"
                "<li>烧熟煮透：肉、禽、蛋和水产品要彻底加热；豆浆要煮沸后再煮几分钟；四季豆要"
                "炒熟炒透。</li>"
                "<li>安全存放：熟食在室温下放置不要超过2小时，吃不完的尽快放进冰箱，再吃前彻底"
                "加热。</li>"
                "<li>不采摘、不购买、不食用野生蘑菇。</li>"
                "<li>出现呕吐、腹泻、腹痛等症状，请及时到卫生院就诊，并保留吃剩的可疑食物。</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>国家卫生健康委员会</li><li>世界卫生组织“食品安全五要点”</li>"
                "<li>桐乡市疾病预防控制中心</li></ul>"
            ),
        },
        "en": {
            "title": "Avoid food poisoning in summer and autumn",
            "introduction": (
                "Germs grow fast in hot weather. Keep raw and cooked food apart, cook food "
                "through, put leftovers in the fridge, and never eat wild mushrooms."
            ),
            "topic": "Food poisoning",
            "tags": ["Food safety"],
            "advice": (
                "<ol>"
                "<li>Keep clean: wash your hands before eating, after using the toilet, and "
                "before and after handling food. Keep kitchen tools and worktops clean.</li>"
                "<li>Keep raw and cooked apart: do not use a knife or board that has cut raw "
                "meat or fish for cooked food or salads.</li>"
                "<li>Cook thoroughly: meat, poultry, eggs and seafood must be cooked through. "
                "Boil soy milk and keep it boiling for a few minutes more. Cook green beans "
                "through.</li>"
                "<li>Store safely: do not leave cooked food at room temperature for more than "
                "2 hours. Put leftovers in the fridge soon, and heat them through before "
                "eating.</li>"
                "<li>Do not pick, buy or eat wild mushrooms.</li>"
                "<li>If you have vomiting, diarrhoea or stomach pain, go to the health centre. "
                "Keep any food you suspect.</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>National Health Commission</li><li>World Health Organization: Five "
                "Keys to Safer Food</li><li>Tongxiang Center for Disease Control and "
                "Prevention</li></ul>"
            ),
        },
    },
    {
        "slug": "heat-stroke",
        "days_ago": 105,
        "reviewed_days_ago": 105,
        "featured": False,
        "zh": {
            "title": "高温天气，谨防中暑",
            "introduction": (
                "老人、儿童和户外劳动者最容易中暑。多喝水、避开正午高温，出现症状及时处理。"
            ),
            "topic": "中暑",
            "tags": ["老人", "儿童", "安全"],
            "advice": (
                "<ol>"
                "<li>高温天气尽量避免在上午10点至下午4点外出或在户外劳动；必须外出时戴遮阳帽，"
                "穿浅色透气的衣服。</li>"
                "<li>少量多次喝水，不要等口渴了再喝；大量出汗时可适当补充淡盐水。</li>"
                "<li>老人怕费电不开空调，子女要多提醒；室内温度过高时使用空调或电风扇，保持"
                "通风。</li>"
                "<li>不要把儿童单独留在车内，哪怕只有几分钟。</li>"
                "<li>有人出现头晕、乏力、大量出汗、恶心时，立即把他转移到阴凉通风处，解开衣扣，"
                "用湿毛巾擦身降温，补充水分。</li>"
                "<li>出现高热、意识不清或抽搐，可能是重症中暑，请立即拨打120。</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>国家卫生健康委员会</li><li>中国疾病预防控制中心</li>"
                "<li>乌镇镇卫生院</li></ul>"
            ),
        },
        "en": {
            "title": "Hot weather: avoid heat stroke",
            "introduction": (
                "Older people, children and people working outdoors are most at risk. Drink "
                "water, avoid the midday heat, and act fast if someone feels unwell."
            ),
            "topic": "Heat stroke",
            "tags": ["Older people", "Children", "Safety"],
            "advice": (
                "<ol>"
                "<li>In hot weather, try not to go out or work outdoors between 10am and 4pm. "
                "If you must, wear a sun hat and light, loose clothes.</li>"
                "<li>Drink small amounts often. Do not wait until you are thirsty. If you sweat "
                "a lot, a little lightly salted water helps.</li>"
                "<li>Some older people do not turn on the air conditioning to save money. Remind "
                "them. When it is too hot indoors, use air conditioning or a fan, and let air "
                "through.</li>"
                "<li>Never leave a child alone in a car, even for a few minutes.</li>"
                "<li>If someone feels dizzy, weak or sick, or sweats heavily, move them to a "
                "cool, airy place at once. Loosen their clothes, cool them with a wet towel and "
                "give them water.</li>"
                "<li>A high temperature, confusion or fits may mean severe heat stroke. Call "
                "120 at once.</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>National Health Commission</li><li>Chinese Center for Disease Control "
                "and Prevention</li><li>Wuzhen Town Health Centre</li></ul>"
            ),
        },
    },
    {
        "slug": "child-drowning",
        "days_ago": 115,
        "reviewed_days_ago": 115,
        "featured": True,
        "zh": {
            "title": "水乡孩子防溺水，记住“六不”",
            "introduction": (
                "乌镇河道纵横，溺水是我国儿童意外伤害死亡的主要原因之一。"
                "家长看护时，孩子不能离开视线。"
            ),
            "topic": "预防儿童溺水",
            "tags": ["儿童", "安全"],
            "advice": (
                "<ol>"
                "<li>家长看护幼儿时，视线不要离开孩子。幼儿在水盆、水桶、浴缸旁也可能溺水。</li>"
                "<li>教育孩子牢记“六不”：不私自下水游泳；不擅自与他人结伴游泳；不在无成年人带领"
                "的情况下游泳；不到无安全设施、无救援人员的水域游泳；不到不熟悉的水域游泳；"
                "不熟悉水性的学生不擅自下水施救。</li>"
                "<li>不在河埠头、码头边追逐打闹，不在河边钓鱼、捞东西。</li>"
                "<li>发现有人落水，大声呼救并拨打110、120；可以向落水者抛救生圈、竹竿、绳子，"
                "孩子不要手拉手下水救人。</li>"
                "<li>发现河边护栏破损、警示牌缺失，请通过乌镇管家上报。</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>教育部</li><li>中国疾病预防控制中心</li>"
                "<li>桐乡市疾病预防控制中心</li></ul>"
            ),
        },
        "en": {
            "title": "Keeping children safe near water: the six “don'ts”",
            "introduction": (
                "Wuzhen is full of canals. Drowning is one of the main causes of accidental "
                "death of children in China. Always keep young children in sight near water."
            ),
            "topic": "Preventing drowning in children",
            "tags": ["Children", "Safety"],
            "advice": (
                "<ol>"
                "<li>Keep young children in sight at all times. A toddler can drown in a basin, "
                "a bucket or a bath.</li>"
                "<li>Teach children the six “don'ts”: do not swim without permission; do not go "
                "swimming with friends on your own; do not swim without an adult in charge; do "
                "not swim where there is no safety equipment or lifeguard; do not swim in water "
                "you do not know; and if you cannot swim well, do not go into the water to "
                "rescue someone.</li>"
                "<li>Do not run or play at the canal steps or piers. Do not fish or reach for "
                "things in the water.</li>"
                "<li>If someone falls in, shout for help and call 110 and 120. Throw them a "
                "lifebuoy, a bamboo pole or a rope. Children must never link hands and wade in "
                "to help.</li>"
                "<li>If a railing by the water is broken or a warning sign is missing, report it "
                "on Wuzhen Housekeeper.</li>"
                "</ol>"
            ),
            "sources": (
                "<ul><li>Ministry of Education</li><li>Chinese Center for Disease Control and "
                "Prevention</li><li>Tongxiang Center for Disease Control and Prevention</li>"
                "</ul>"
            ),
        },
    },
]

ROLE_MODELS = [
    {
        "slug": "shen-housekeeper",
        "days_ago": 10,
        "featured": True,
        "zh": {
            "title": "沈阿姨：一年上报问题两百多件的网格管家",
            "introduction": "退休教师沈阿姨每天沿着网格走一圈，发现问题随手拍、随手报。",
            "person_name": "沈美玲",
            "community": "民合村",
            "honour": "2026年度优秀网格管家",
            "tags": ["网格管家"],
            "body": [
                "<p>从井盖松动到路灯不亮，沈阿姨上报的问题九成以上在三天内得到处理。她说：“看到"
                "问题解决了，比什么都高兴。”</p>",
                "<p>沈阿姨退休前在村小学教了三十多年书，村里不少年轻人都是她的学生。当上网格管家"
                "后，她每天早饭后沿着网格走一圈，哪里的护栏松了、哪家门口堆了杂物，她心里都"
                "有数。</p>",
                "<p>遇到不会用手机的老人，她就帮着代为上报；问题解决了，再上门告诉一声。她攒下的"
                "积分，大多换成了米和油，送给了村里的困难老人。</p>",
            ],
        },
        "en": {
            "title": "Auntie Shen: the grid housekeeper who reported over 200 problems in a year",
            "introduction": (
                "Every day, retired teacher Auntie Shen walks round her grid. When she sees a "
                "problem, she takes a photo and reports it there and then."
            ),
            "person_name": "Shen Meiling",
            "community": "Minhe Village",
            "honour": "Outstanding Grid Housekeeper of 2026",
            "tags": ["Grid housekeepers"],
            "body": [
                "<p>From loose manhole covers to broken street lights, more than nine in ten of "
                "the problems Auntie Shen reports are dealt with within three days. “Seeing a "
                "problem solved makes me happier than anything,” she says.</p>",
                "<p>Before she retired, she taught at the village primary school for more than "
                "thirty years, and many of the village's young people were her pupils. Since "
                "becoming a grid housekeeper, she walks round her grid after breakfast every "
                "day. She knows where a railing has come loose and whose doorway is piled with "
                "clutter.</p>",
                "<p>When older neighbours cannot use a phone, she reports for them, and goes "
                "back to tell them when the problem is fixed. She exchanges most of her points "
                "for rice and cooking oil, which she gives to older villagers in hardship.</p>",
            ],
        },
    },
    {
        "slug": "canal-volunteer",
        "days_ago": 25,
        "featured": True,
        "zh": {
            "title": "守护河道十二年的老船工",
            "introduction": "每天清晨撑船巡河，捞起漂浮垃圾，劝导乱扔行为。",
            "person_name": "钱建国",
            "community": "西栅社区",
            "honour": "桐乡市最美志愿者",
            "tags": ["志愿服务", "环境"],
            "body": [
                "<p>钱师傅十二年如一日地巡河，还带出了一支二十多人的护河志愿队。</p>",
                "<p>钱师傅年轻时在运河上跑了二十多年货船，退休后闲不住，每天天刚亮就撑着小船"
                "出门，沿着西栅的河道捞起塑料袋、瓶子和枯枝。</p>",
                "<p>看到有人往河里扔垃圾，他总是先打招呼，再耐心劝说。发现可疑排污口或河岸"
                "坍塌，他就拍照上报。他说：“河干净了，乌镇才是乌镇。”</p>",
            ],
        },
        "en": {
            "title": "The old boatman who has looked after the canals for twelve years",
            "introduction": (
                "Every morning at dawn he takes his boat out to patrol the canals, fishes out "
                "floating rubbish and talks to people who drop litter."
            ),
            "person_name": "Qian Jianguo",
            "community": "Xizha Community",
            "honour": "Tongxiang's Finest Volunteer",
            "tags": ["Volunteering", "Environment"],
            "body": [
                "<p>Master Qian has patrolled the canals every day for twelve years, and has "
                "built up a team of more than twenty river volunteers.</p>",
                "<p>As a young man he worked cargo boats on the Grand Canal for over twenty "
                "years. Retired but never idle, he takes his small boat out at first light and "
                "clears plastic bags, bottles and branches from the canals around Xizha.</p>",
                "<p>When he sees someone throw rubbish into the water, he greets them first and "
                "then patiently asks them not to. When he finds a suspicious outflow or a "
                "collapsed bank, he photographs it and reports it. “When the canals are clean, "
                "Wuzhen is Wuzhen,” he says.</p>",
            ],
        },
    },
    {
        "slug": "village-doctor-lu",
        "days_ago": 40,
        "featured": True,
        "zh": {
            "title": "陆医生：守着村卫生室三十年",
            "introduction": (
                "横港村乡村医生陆德明三十年来为村里老人量血压、上门随访，记得每位慢性病人的用药。"
            ),
            "person_name": "陆德明",
            "community": "横港村",
            "honour": "桐乡市优秀乡村医生",
            "tags": ["老人", "慢性病"],
            "body": [
                "<p>横港村卫生室不大，一间诊室、一间药房。陆德明从二十多岁起就在这里坐诊，如今"
                "村里一百多位高血压、糖尿病患者的情况，他都记在心里。</p>",
                "<p>每个月，他都会骑着电动车到行动不便的老人家里随访，量血压、测血糖、核对药量。"
                "看到独居老人家里有安全隐患，比如电线老化、门前台阶破损，他就拍下来交给网格管家"
                "上报。</p>",
                "<p>“村里人信得过我，我就不能让他们失望。”陆医生说。</p>",
            ],
        },
        "en": {
            "title": "Dr Lu: thirty years at the village clinic",
            "introduction": (
                "For thirty years, Henggang's village doctor Lu Deming has checked older "
                "villagers' blood pressure, visited them at home and known every patient's "
                "medicines."
            ),
            "person_name": "Lu Deming",
            "community": "Henggang Village",
            "honour": "Outstanding Village Doctor of Tongxiang",
            "tags": ["Older people", "Chronic illness"],
            "body": [
                "<p>Henggang Village clinic is small: one consulting room and one dispensary. "
                "Lu Deming has worked there since his twenties. Today he knows by heart how each "
                "of the village's hundred or more patients with high blood pressure or diabetes "
                "is doing.</p>",
                "<p>Every month he rides his e-bike to visit older people who cannot easily get "
                "out. He checks their blood pressure and blood sugar and goes through their "
                "medicines. When he sees a hazard in the home of someone living alone, such as "
                "old wiring or a broken doorstep, he photographs it and passes it to the grid "
                "housekeeper to report.</p>",
                "<p>“The village trusts me, so I can't let them down,” says Dr Lu.</p>",
            ],
        },
    },
    {
        "slug": "homework-corner-yao",
        "days_ago": 60,
        "featured": False,
        "zh": {
            "title": "退休教师的“四点半课堂”",
            "introduction": (
                "放学后没人接的孩子，都到姚老师的课堂写作业。她和十几位退休教师一起坚持了六年。"
            ),
            "person_name": "姚秀芬",
            "community": "东栅社区",
            "honour": "乌镇镇优秀志愿者",
            "tags": ["儿童", "志愿服务"],
            "body": [
                "<p>东栅社区不少孩子的父母在景区和工厂上班，下午四点半放学后家里没人。退休语文"
                "教师姚秀芬看在眼里，六年前在社区活动室办起了“四点半课堂”。</p>",
                "<p>如今，课堂有十几位退休教师轮流值班，辅导作业、讲水乡故事，暑假前还给孩子们"
                "讲防溺水知识。家长下班来接时，孩子的作业已经写完了。</p>",
                "<p>姚老师说：“孩子们在这里安全，家长就安心。”</p>",
            ],
        },
        "en": {
            "title": "A retired teacher's after-school club",
            "introduction": (
                "Children with no one at home after school do their homework at Ms Yao's "
                "after-school club. She and a dozen retired teachers have run it for six years."
            ),
            "person_name": "Yao Xiufen",
            "community": "Dongzha Community",
            "honour": "Outstanding Volunteer of Wuzhen",
            "tags": ["Children", "Volunteering"],
            "body": [
                "<p>Many parents in Dongzha Community work in the scenic area or in factories, "
                "so nobody is home when school ends at half past four. Retired Chinese teacher "
                "Yao Xiufen saw this, and six years ago she started the “4:30 club” in the "
                "community centre.</p>",
                "<p>Today more than ten retired teachers take turns to run it. They help with "
                "homework and tell stories of the water town, and before the summer holidays "
                "they teach the children how to stay safe near water. When parents come after "
                "work, the homework is done.</p>",
                "<p>“When the children are safe here, their parents can stop worrying,” says "
                "Ms Yao.</p>",
            ],
        },
    },
    {
        "slug": "rider-housekeeper-zhu",
        "days_ago": 80,
        "featured": True,
        "zh": {
            "title": "外卖骑手朱晓峰：跑单路上随手报",
            "introduction": (
                "每天骑车穿街走巷，朱晓峰顺路发现问题就停下来拍照上报，一年报了一百多件。"
            ),
            "person_name": "朱晓峰",
            "community": "南栅社区",
            "honour": "乌镇镇“最美网格管家”",
            "tags": ["网格管家", "安全"],
            "body": [
                "<p>朱晓峰是一名外卖骑手，每天要在乌镇的大街小巷跑六十多单。两年前，他报名成为"
                "南栅社区的网格管家。</p>",
                "<p>“我们跑得多，看到的也多。”井盖松动、路灯不亮、电线垂得太低，他送完一单就"
                "停下来拍照上报。他还拉起了一个骑手群，二十多名骑手一起当起了“流动管家”。</p>",
                "<p>一天深夜送餐时，他发现一户人家窗口冒烟，立即拨打119，并挨家敲门叫醒邻居，"
                "屋里的老人被安全转移。</p>",
            ],
        },
        "en": {
            "title": "Delivery rider Zhu Xiaofeng reports problems on his rounds",
            "introduction": (
                "Riding through the town's streets and lanes every day, Zhu Xiaofeng stops to "
                "photograph and report problems he passes: more than a hundred in a year."
            ),
            "person_name": "Zhu Xiaofeng",
            "community": "Nanzha Community",
            "honour": "Wuzhen's Finest Grid Housekeeper",
            "tags": ["Grid housekeepers", "Safety"],
            "body": [
                "<p>Zhu Xiaofeng delivers food, more than sixty orders a day across Wuzhen. Two "
                "years ago he signed up as a grid housekeeper in Nanzha Community.</p>",
                "<p>“We ride a lot, so we see a lot,” he says. A loose manhole cover, a street "
                "light out, a cable hanging too low: after each delivery he stops to take a "
                "photo and report it. He has started a group chat for riders, and more than "
                "twenty of them now act as “housekeepers on wheels”.</p>",
                "<p>Late one night on a delivery, he saw smoke coming from a window. He called "
                "119 at once and knocked on doors to wake the neighbours. The older man inside "
                "was brought out safely.</p>",
            ],
        },
    },
    {
        "slug": "mediator-wu",
        "days_ago": 110,
        "featured": False,
        "zh": {
            "title": "“老娘舅”吴金法：村里的矛盾调解员",
            "introduction": "邻里吵架、宅基地纠纷、家庭矛盾，白马塘村的村民都爱找吴金法评评理。",
            "person_name": "吴金法",
            "community": "白马塘村",
            "honour": "乌镇镇优秀人民调解员",
            "tags": ["邻里", "志愿服务"],
            "body": [
                "<p>在江南农村，大家把热心调解矛盾的长辈叫做“老娘舅”。吴金法当了二十年村干部，"
                "退休后成为白马塘村人民调解委员会的调解员。</p>",
                "<p>他调解有个习惯：先听，听完一方再听另一方，不急着下结论。去年以来，他参与调解"
                "的邻里、宅基地和赡养纠纷有四十多起，绝大多数当场签了协议。</p>",
                "<p>居民在乌镇管家反映的邻里纠纷，由联动中心派给司法所，再由老吴这样的调解员"
                "上门。他说：“矛盾化解在村里，大家还是好邻居。”</p>",
            ],
        },
        "en": {
            "title": "“Old uncle” Wu Jinfa, the village peacemaker",
            "introduction": (
                "Quarrels between neighbours, disputes over house plots, family rows: people in "
                "Baimatang Village like to ask Wu Jinfa to help them sort it out."
            ),
            "person_name": "Wu Jinfa",
            "community": "Baimatang Village",
            "honour": "Outstanding People's Mediator of Wuzhen",
            "tags": ["Neighbours", "Volunteering"],
            "body": [
                "<p>In the villages south of the Yangtze, an older person who helps settle "
                "quarrels is called an “old uncle”. Wu Jinfa was a village official for twenty "
                "years. Since retiring, he has been a mediator on Baimatang Village's people's "
                "mediation committee.</p>",
                "<p>He has one rule: listen first. He hears one side out, then the other, and "
                "does not rush to judge. Since last year he has helped settle more than forty "
                "disputes between neighbours, over house plots and over the care of older "
                "parents. Most ended with an agreement signed on the spot.</p>",
                "<p>When residents raise a dispute with a neighbour on Wuzhen Housekeeper, the "
                "linkage centre sends it to the Judicial Office, and mediators like Mr Wu visit. "
                "“If we settle it in the village, people stay good neighbours,” he says.</p>",
            ],
        },
    },
]
