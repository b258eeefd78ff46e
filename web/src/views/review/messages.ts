// The words of the task page's review material: the application under review, the proposed list
// being countersigned, the decision buttons (the action, where decisions.* name the result) and
// the card titles of each stage.
export default {
  'zh-CN': {
    review: {
      actions: {
        approve: '通过',
        return: '退回补正',
        reject: '不予通过',
        object: '提出异议',
      },
      reasonRequired: '退回补正、不予通过或提出异议时必须填写理由',
      material: {
        title: '申报材料',
        show: '展开申报材料',
        hide: '收起申报材料',
        open: '查看申报详情',
      },
      list: {
        title: '拟入选名单',
        applicant: '申报单位',
        group: '类别',
        province: '所在省份',
        rank: '排名',
        score: '评审得分',
        selected: '是否入选',
        yes: '拟入选',
        no: '未入选',
        groups: { city: '试点城市', enterprise: '试点企业' },
      },
      titles: {
        expertReview: { form: '评审意见', matrix: '评审专家' },
        quarterlyCompilation: { form: '汇总报送', matrix: '汇总情况' },
      },
    },
  },
  en: {
    review: {
      actions: {
        approve: 'Approve',
        return: 'Return for revision',
        reject: 'Reject',
        object: 'Object',
      },
      reasonRequired: 'A reason is required to return, reject or object',
      material: {
        title: 'Application under review',
        show: 'Show the application',
        hide: 'Hide the application',
        open: 'Open the application',
      },
      list: {
        title: 'Proposed list',
        applicant: 'Applicant',
        group: 'Group',
        province: 'Province',
        rank: 'Rank',
        score: 'Score',
        selected: 'Selected',
        yes: 'Selected',
        no: 'Not selected',
        groups: { city: 'Pilot cities', enterprise: 'Pilot enterprises' },
      },
      titles: {
        expertReview: { form: 'Your review', matrix: 'Experts' },
        quarterlyCompilation: { form: 'Compilation', matrix: 'Compilations' },
      },
    },
  },
};
